package dev.lifelong.models.frame;

import java.util.Arrays;

/**
 * Orders a sequence's positions by score, highest first, the more recent (larger position) first on ties. Each
 * position becomes one {@code long} key whose order is that ranking, so ranks never depend on the selection
 * algorithm. A search unit needs only the best n of 10^4..10^5 behaviours: {@link #top} keeps them in a heap
 * and sorts only those, and on long sequences first drops everything below a bound taken from a sample. Reuse
 * one instance per worker: it keeps its buffers.
 */
public final class Ranking {

    /** Shorter sequences, or requests for more than an eighth of one, go straight to the heap. */
    private static final int PREFILTER_MIN_LENGTH = 1024;
    /** Shorter sequences, or walks expected past a quarter of one, are streamed from a heap over everything. */
    private static final int STREAM_PREFILTER_MIN_LENGTH = 256;
    private static final int STREAM_SAMPLE = 64;
    /** About this many scores are sampled for the bound, but never fewer than one in {@link #SAMPLE_EVERY}. */
    private static final int SAMPLE = 256;
    private static final int SAMPLE_EVERY = 32;

    private long[] keys = new long[0];
    private int[] sample = new int[0];
    private int[] best = new int[0];
    private int[] candidates = new int[0];

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
        if (len < PREFILTER_MIN_LENGTH || k > len / 8) {
            return heapTop(scores, off, len, k, null, out);
        }
        // A bound from an evenly spaced sample first, then one pass keeping only the behaviours at or above it
        // (a branch nearly never taken), then the heap over those alone. The heap over everything entered about
        // k ln(len / k) times, each entry a few mispredicted branches: most of its time at 10^4 behaviours.
        int sampled = sample(scores, off, len, Math.max(1, Math.min(len / SAMPLE, SAMPLE_EVERY)));
        int need = (int) (3L * k * sampled / (2L * len)) + 3;
        int bound = largest(sampled, need);
        int c = keepAtLeast(scores, off, len, bound);
        while (c < k) {
            // Scores repeat: a larger need can give the same bound, and a pass with it would keep the same few.
            int looser;
            do {
                need *= 2;
                looser = largest(sampled, need);
            } while (looser >= bound && looser != Integer.MIN_VALUE);
            bound = looser;
            c = keepAtLeast(scores, off, len, bound);
        }
        return heapTop(scores, off, c, k, candidates, out);
    }

    // The stream's state (open / next).
    private float[] streamScores;
    private int streamOff;
    private int streamLen;
    private long[] stream = new long[0];   // a max-heap of keys
    private int streamSize;
    private long streamFloor;              // every key at or above it is in the heap or was given
    private int streamSampled;
    private int streamNeed;
    private int given;

    /**
     * Starts giving the positions of {@code scores[off .. off+len)} in {@link #top}'s order, one per
     * {@link #next}, for a walk that needs an unknown prefix of about {@code expected}. A max-heap is built over
     * the positions a sampled bound keeps (about 1.5 times {@code expected}); a walk that gets past them has
     * the next tier heaped, under a bound four times as loose, and so on. The scores must not change until
     * the walk ends.
     */
    public void open(float[] scores, int off, int len, int expected) {
        streamScores = scores;
        streamOff = off;
        streamLen = len;
        given = 0;
        streamSize = 0;
        int k = Math.max(1, Math.min(expected, len));
        // A heap over everything costs a pass over it as well, so the bound pays sooner than it does for top.
        if (len < STREAM_PREFILTER_MIN_LENGTH || k > len / 4) {
            streamFloor = Long.MIN_VALUE;
            fill(Long.MAX_VALUE, Long.MIN_VALUE, null, len);
            return;
        }
        // A quarter of top's sample: a walk ends where it likes, so the bound need not be tight, and choosing
        // it from a large sample cost as much as the heap it saves.
        int sampled = sample(scores, off, len, Math.max(1, len / STREAM_SAMPLE));
        streamSampled = sampled;
        streamNeed = (int) (3L * k * sampled / (2L * len)) + 3;
        int bound = largest(sampled, streamNeed);
        int c = keepAtLeast(scores, off, len, bound);
        streamFloor = bound == Integer.MIN_VALUE ? Long.MIN_VALUE : (long) bound << 32;
        fill(Long.MAX_VALUE, Long.MIN_VALUE, candidates, c);
    }

    /** The next position in ranking order, or -1 when all have been given. */
    public int next() {
        while (streamSize == 0) {
            if (given == streamLen || streamFloor == Long.MIN_VALUE) {
                return -1;
            }
            // Past what the bound kept: the next tier, below it and at or above a looser one.
            long ceiling = streamFloor;
            streamNeed = (int) Math.min(Integer.MAX_VALUE, 4L * streamNeed);
            int bound = largest(streamSampled, streamNeed);
            streamFloor = bound == Integer.MIN_VALUE ? Long.MIN_VALUE : (long) bound << 32;
            fill(ceiling, streamFloor, null, streamLen);
        }
        long top = stream[0];
        long last = stream[--streamSize];
        if (streamSize > 0) {
            LongMaxHeap.siftDown(stream, streamSize, 0, last);
        }
        given++;
        return (int) top;
    }

    /**
     * The stream's heap: the keys in {@code [floor, ceiling)} of the positions listed ({@code positions[0 ..
     * n)}, or {@code 0 .. n)} when null), heapified bottom up.
     */
    private void fill(long ceiling, long floor, int[] positions, int n) {
        if (stream.length < n) {
            stream = new long[Math.max(n, stream.length + (stream.length >> 1))];
        }
        int size = 0;
        for (int j = 0; j < n; j++) {
            int i = positions == null ? j : positions[j];
            long key = key(streamScores[streamOff + i], i);
            if (key < ceiling && key >= floor) {
                stream[size++] = key;
            }
        }
        LongMaxHeap.heapify(stream, size);
        streamSize = size;
    }

    /**
     * Every {@code stride}-th score (sortable) into the sample, from the middle of the first stride; returns how
     * many. Sizes the candidates' buffer for {@link #keepAtLeast} too.
     */
    private int sample(float[] scores, int off, int len, int stride) {
        int sampled = 0;
        if (sample.length < len / stride + 1) {
            sample = new int[len / stride + 1];
        }
        for (int i = stride >> 1; i < len; i += stride) {
            sample[sampled++] = sortable(scores[off + i]);
        }
        if (candidates.length < len) {
            candidates = new int[len];
        }
        return sampled;
    }

    /**
     * The {@code need}-th largest of the sample (the smallest int when the sample is smaller). A small need by
     * insertion into a sorted run of {@code need}, a few times cheaper than sorting the sample; a larger one
     * (a stream's, near a hundred) by selection, since insertion costs need / 2 moves per sampled score. The
     * sample is reordered.
     */
    private int largest(int sampled, int need) {
        if (need > sampled) {
            return Integer.MIN_VALUE;
        }
        if (need > 16) {
            return select(sample, 0, sampled - 1, sampled - need);
        }
        if (best.length < need) {
            best = new int[need];
        }
        int size = 0;
        for (int i = 0; i < sampled; i++) {
            int x = sample[i];
            if (size == need && x <= best[size - 1]) {
                continue;
            }
            int j = size == need ? size - 1 : size++;
            while (j > 0 && best[j - 1] < x) {
                best[j] = best[j - 1];
                j--;
            }
            best[j] = x;
        }
        return best[need - 1];
    }

    /** The value that would sit at {@code rank} (ascending) of {@code a[lo .. hi]} sorted: Hoare's selection. */
    private static int select(int[] a, int lo, int hi, int rank) {
        while (lo < hi) {
            int pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    int t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            if (rank <= j) {
                hi = j;
            } else if (rank >= i) {
                lo = i;
            } else {
                return a[rank];
            }
        }
        return a[rank];
    }

    /**
     * Positions whose score is at least {@code bound} (in {@link #sortable} order) into candidates; how many.
     * A float comparison in the pass, which keeps a superset (NaN and both zeros pass it); the exact test then
     * runs over what it kept only.
     */
    private int keepAtLeast(float[] scores, int off, int len, int bound) {
        float floor = Float.intBitsToFloat(bound >= 0 ? bound : bound ^ 0x7FFFFFFF);
        int[] cand = candidates;
        int c = 0;
        for (int i = 0; i < len; i++) {
            if (!(scores[off + i] < floor)) {
                cand[c++] = i;
            }
        }
        int kept = 0;
        for (int j = 0; j < c; j++) {
            if (sortable(scores[off + cand[j]]) >= bound) {
                cand[kept++] = cand[j];
            }
        }
        return kept;
    }

    /**
     * The best k of {@code len} positions (of {@code positions[0 .. len)} when not null, else of {@code 0 ..
     * len)}) through a min-heap of keys, sorted at the end.
     */
    private int heapTop(float[] scores, int off, int len, int k, int[] positions, int[] out) {
        if (keys.length < k + 1) {
            keys = new long[Math.max(k + 1, keys.length + (keys.length >> 1))];
        }
        long[] heap = keys;
        int size = 0;
        for (int j = 0; j < len; j++) {
            int i = positions == null ? j : positions[j];
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

    /**
     * The score's bits in an order that is the score's order (and puts -0 below +0, as {@link Float#compare}):
     * the order of this class's rankings, for walks that key scores beside them.
     */
    public static int sortable(float score) {
        int bits = Float.floatToIntBits(score);
        return bits >= 0 ? bits : bits ^ 0x7FFFFFFF;
    }

    /** Larger for a better behaviour: the score, then the position (the more recent wins a tie). */
    private static long key(float score, int position) {
        return ((long) sortable(score) << 32) | position;
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
