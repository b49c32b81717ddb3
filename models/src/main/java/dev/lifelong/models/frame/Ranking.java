package dev.lifelong.models.frame;

import java.util.Arrays;

/**
 * Orders a sequence's positions by score, highest first, the more recent (larger position) first on ties. Each
 * position becomes one {@code long} key whose order is that ranking, so ranks never depend on the selection
 * algorithm. A search unit needs only the best n of 10^4..10^5 behaviours: {@link #top} keeps them in a heap
 * and sorts only those. Reuse one instance per worker: it keeps its buffer.
 */
public final class Ranking {

    private long[] keys = new long[0];

    /** Writes positions {@code 0..len-1} of {@code scores[off ..]} to {@code out}, best first. */
    public static void descending(float[] scores, int off, int len, int[] out) {
        new Ranking().top(scores, off, len, len, out);
    }

    /** Writes the best {@code min(n, len)} positions of {@code scores[off .. off+len)} to {@code out}, best first. */
    public int top(float[] scores, int off, int len, int n, int[] out) {
        int k = Math.min(n, len);
        if (k <= 0) {
            return 0;
        }
        if (keys.length < k + 1) {
            keys = new long[Math.max(k + 1, keys.length + (keys.length >> 1))];
        }
        // A min-heap of the k best keys so far: once it is full, a behaviour enters only if it beats the k-th
        // best, which happens about k ln(len / k) times in a sequence of random order, so nearly every
        // behaviour costs one comparison.
        long[] heap = keys;
        int size = 0;
        for (int i = 0; i < len; i++) {
            long key = key(scores[off + i], i);
            if (size < k) {
                heap[size] = key;
                up(heap, size++);
            } else if (key > heap[0]) {
                heap[0] = key;
                down(heap, k);
            }
        }
        Arrays.sort(heap, 0, k);
        for (int i = 0; i < k; i++) {
            out[i] = (int) heap[k - 1 - i];
        }
        return k;
    }

    /** Larger for a better behaviour: the score, then the position (the more recent wins a tie). */
    private static long key(float score, int position) {
        int bits = Float.floatToIntBits(score);
        int sortable = bits >= 0 ? bits : bits ^ 0x7FFFFFFF;
        return ((long) sortable << 32) | position;
    }

    private static void up(long[] h, int i) {
        long x = h[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (h[parent] <= x) {
                break;
            }
            h[i] = h[parent];
            i = parent;
        }
        h[i] = x;
    }

    private static void down(long[] h, int size) {
        long x = h[0];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && h[child + 1] < h[child]) {
                child++;
            }
            if (x <= h[child]) {
                break;
            }
            h[i] = h[child];
            i = child;
        }
        h[i] = x;
    }
}
