package dev.lifelong.models.eta;

import java.util.Arrays;

/**
 * A history's one-word signatures grouped by value, for selecting over a history that repeats itself. Lifelong
 * histories come back to the same items again and again (the default synthetic users' hold about one distinct
 * item in twenty behaviours; {@code lifelong inspect} prints a dataset's share), and every occurrence of an item
 * has the same signature, so its distance to a target need be computed once per group, not once per occurrence.
 *
 * <p>{@link #select} returns exactly what {@link HammingTopK#selectNearest} returns over the ungrouped history:
 * every behaviour nearer than the threshold distance, then the most recent ones at it, in chronological order.
 * Its cost is one pass over the groups plus the k it keeps, so it pays only when there are markedly fewer groups
 * than behaviours ({@link #worthGrouping}).
 */
final class SignatureGroups {

    private final int behaviours;
    private final int groups;
    private final long[] values;     // [groups]
    private final int[] counts;      // [groups]
    private final int[] offsets;     // [groups + 1] into positions
    private final int[] positions;   // each group's positions within the history, ascending

    private SignatureGroups(int behaviours, int groups, long[] values, int[] counts, int[] offsets, int[] positions) {
        this.behaviours = behaviours;
        this.groups = groups;
        this.values = values;
        this.counts = counts;
        this.offsets = offsets;
        this.positions = positions;
    }

    /** Groups the first {@code n} signatures of {@code signatures} (one word each) by value. */
    static SignatureGroups of(long[] signatures, int n) {
        int slots = Integer.highestOneBit(Math.max(4, 2 * n)) << 1;
        int mask = slots - 1;
        long[] keys = new long[slots];
        int[] ids = new int[slots];          // group + 1; 0 = empty slot
        int[] groupOf = new int[n];
        long[] values = new long[n];
        int[] counts = new int[n];
        int groups = 0;
        for (int i = 0; i < n; i++) {
            long s = signatures[i];
            int slot = spread(s) & mask;
            while (ids[slot] != 0 && keys[slot] != s) {
                slot = (slot + 1) & mask;
            }
            if (ids[slot] == 0) {
                keys[slot] = s;
                values[groups] = s;
                ids[slot] = ++groups;
            }
            int g = ids[slot] - 1;
            groupOf[i] = g;
            counts[g]++;
        }
        int[] offsets = new int[groups + 1];
        for (int g = 0; g < groups; g++) {
            offsets[g + 1] = offsets[g] + counts[g];
        }
        int[] fill = Arrays.copyOf(offsets, groups);
        int[] positions = new int[n];
        for (int i = 0; i < n; i++) {
            positions[fill[groupOf[i]]++] = i;
        }
        return new SignatureGroups(n, groups, Arrays.copyOf(values, groups), Arrays.copyOf(counts, groups), offsets,
                positions);
    }

    private static int spread(long s) {
        long h = s * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32);
    }

    /**
     * Whether selecting over groups beats scanning every behaviour: a group costs about twice what a behaviour
     * of the plain scan does (a distance and a histogram update against a distance and a compare), so grouping
     * pays below half as many groups as behaviours; a quarter leaves a margin for the per-request build.
     */
    boolean worthGrouping() {
        return 4L * groups <= behaviours;
    }

    int groups() {
        return groups;
    }

    /** Per-worker buffers of {@link #select}. */
    static final class Scratch {
        private int[] distances = new int[0];
        private int[] histogram = new int[0];
        private int[] atThreshold = new int[0];
        private int[] heap = new int[0];
    }

    /**
     * The k behaviours nearest to {@code target}, as {@link HammingTopK#selectNearest} chooses them.
     *
     * @param selected receives the kept positions, ascending; holds k or more
     * @return how many were kept: {@code min(behaviours, k)}
     */
    int select(long target, int k, int maxDistance, int[] selected, Scratch s) {
        if (behaviours <= k) {
            for (int i = 0; i < behaviours; i++) {
                selected[i] = i;
            }
            return behaviours;
        }
        if (s.distances.length < groups) {
            s.distances = new int[groups];
            s.atThreshold = new int[groups];
        }
        if (s.histogram.length < maxDistance + 1) {
            s.histogram = new int[maxDistance + 1];
        } else {
            Arrays.fill(s.histogram, 0, maxDistance + 1, 0);
        }
        int[] dist = s.distances;
        int[] hist = s.histogram;
        for (int g = 0; g < groups; g++) {
            dist[g] = Long.bitCount(values[g] ^ target);
        }
        for (int g = 0; g < groups; g++) {
            hist[dist[g]] += counts[g];
        }
        int threshold = 0;
        int below = 0;
        while (below + hist[threshold] < k) {
            below += hist[threshold];
            threshold++;
        }
        int kept = 0;
        int tied = 0;
        for (int g = 0; g < groups; g++) {
            int d = dist[g];
            if (d < threshold) {
                System.arraycopy(positions, offsets[g], selected, kept, counts[g]);
                kept += counts[g];
            } else if (d == threshold) {
                s.atThreshold[tied++] = g;
            }
        }
        kept = mostRecent(s, tied, k - below, selected, kept);
        Arrays.sort(selected, 0, kept);
        return kept;
    }

    /**
     * Appends the {@code r} most recent positions of the tied groups: each group's positions are ascending, so
     * a group is walked from its newest until it offers nothing newer than the r kept so far (a min-heap).
     */
    private int mostRecent(Scratch s, int tied, int r, int[] selected, int kept) {
        if (tied == 1) {
            int g = s.atThreshold[0];
            System.arraycopy(positions, offsets[g + 1] - r, selected, kept, r);
            return kept + r;
        }
        if (s.heap.length < r) {
            s.heap = new int[r];
        }
        int[] heap = s.heap;
        int size = 0;
        for (int t = 0; t < tied; t++) {
            int g = s.atThreshold[t];
            for (int p = offsets[g + 1] - 1; p >= offsets[g]; p--) {
                int pos = positions[p];
                if (size < r) {
                    siftUp(heap, size++, pos);
                } else if (pos > heap[0]) {
                    siftDown(heap, size, pos);
                } else {
                    break;
                }
            }
        }
        System.arraycopy(heap, 0, selected, kept, size);
        return kept + size;
    }

    private static void siftUp(int[] heap, int at, int value) {
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (heap[parent] <= value) {
                break;
            }
            heap[at] = heap[parent];
            at = parent;
        }
        heap[at] = value;
    }

    /** Replaces the heap's smallest with {@code value}. */
    private static void siftDown(int[] heap, int size, int value) {
        int at = 0;
        while (true) {
            int child = 2 * at + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[child + 1] < heap[child]) {
                child++;
            }
            if (heap[child] >= value) {
                break;
            }
            heap[at] = heap[child];
            at = child;
        }
        heap[at] = value;
    }
}
