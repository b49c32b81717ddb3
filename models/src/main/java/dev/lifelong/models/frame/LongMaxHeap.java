package dev.lifelong.models.frame;

/**
 * A max-heap of {@code long} keys laid out in an array, for selections that encode what they rank and where it
 * came from in one key (a score's bits and a position): comparing keys then needs no lookups.
 *
 * <p>Four children per node (children of {@code i} at {@code 4i + 1 .. 4i + 4}): half the levels of a binary
 * heap, and a node's children in one cache line. A search unit's walk pops a few dozen keys from a heap of a
 * hundred or two: heapifying 145 keys and popping 62 takes 1.67 µs against 3.74 µs with two children
 * ({@code HeapWalkBenchmark}, JDK 17). Distinct keys come out in the same order whatever the layout, so
 * selections are unchanged.
 */
public final class LongMaxHeap {

    private static final int ARITY = 4;

    private LongMaxHeap() {
    }

    /** Makes {@code h[0 .. size)} a heap, bottom up (linear time). */
    public static void heapify(long[] h, int size) {
        // The last node with a child is the parent of slot size - 1; none when size < 2.
        for (int i = size < 2 ? -1 : (size - 2) / ARITY; i >= 0; i--) {
            siftDown(h, size, i, h[i]);
        }
    }

    /** Places {@code x} at slot {@code i} of the heap {@code h[0 .. size)}, sifting it down. */
    public static void siftDown(long[] h, int size, int i, long x) {
        while (true) {
            int first = ARITY * i + 1;
            if (first >= size) {
                break;
            }
            int best = first;
            long largest = h[first];
            int end = Math.min(first + ARITY, size);
            for (int c = first + 1; c < end; c++) {
                long v = h[c];
                if (v > largest) {
                    largest = v;
                    best = c;
                }
            }
            if (x >= largest) {
                break;
            }
            h[i] = largest;
            i = best;
        }
        h[i] = x;
    }

    /** Adds {@code x} to the heap {@code h[0 .. size)}, which has room for it; returns the new size. */
    public static int push(long[] h, int size, long x) {
        int i = size;
        while (i > 0) {
            int parent = (i - 1) / ARITY;
            if (h[parent] >= x) {
                break;
            }
            h[i] = h[parent];
            i = parent;
        }
        h[i] = x;
        return size + 1;
    }
}
