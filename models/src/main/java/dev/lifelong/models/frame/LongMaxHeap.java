package dev.lifelong.models.frame;

/**
 * A max-heap of {@code long} keys laid out in an array, for selections that encode what they rank and where it
 * came from in one key (a score's bits and a position): comparing keys then needs no lookups.
 */
public final class LongMaxHeap {

    private LongMaxHeap() {
    }

    /** Makes {@code h[0 .. size)} a heap, bottom up (linear time). */
    public static void heapify(long[] h, int size) {
        for (int i = size / 2 - 1; i >= 0; i--) {
            siftDown(h, size, i, h[i]);
        }
    }

    /** Places {@code x} at slot {@code i} of the heap {@code h[0 .. size)}, sifting it down. */
    public static void siftDown(long[] h, int size, int i, long x) {
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && h[child + 1] > h[child]) {
                child++;
            }
            if (x >= h[child]) {
                break;
            }
            h[i] = h[child];
            i = child;
        }
        h[i] = x;
    }
}
