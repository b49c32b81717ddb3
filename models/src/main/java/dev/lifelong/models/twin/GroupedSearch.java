package dev.lifelong.models.twin;

import dev.lifelong.core.kernel.FloatKernels;
import dev.lifelong.core.kernel.Kernels;
import dev.lifelong.models.frame.LongMaxHeap;
import dev.lifelong.models.frame.Ranking;

/**
 * CP-GSU's round robin over a history grouped by item ({@link ItemGroups}), for one candidate: each head in turn
 * takes its best behaviour not yet taken, by relevance and then recency, until {@code picked} are taken. It
 * takes what the round robin over every behaviour takes, given the same relevances.
 *
 * <p>A behaviour's relevance is its item group's dot product plus its fine group's cross bias, so an item
 * group's best behaviour left falls as its behaviours are taken, by any head. Each head keeps a max-heap of
 * the item groups it has looked at, keyed by their best behaviour when last looked at (a key can only be too
 * high, so a top whose key is still current is the best), and takes item groups in from a stream ranked by the
 * best relevance each could ever offer ({@code dot + maxBias}) while that bound could reach the heap's top.
 * The walk reads a few dozen item groups per head, whatever the history's length.
 */
final class GroupedSearch {

    private static final long NONE = Long.MIN_VALUE;
    private static final FloatKernels K = Kernels.get();

    private Ranking[] rankings = new Ranking[0];
    private long[][] heaps = new long[0][];
    private int[] heapSize = new int[0];
    private int[] peek = new int[0];
    /** Per head and item group, the bound the heads' streams rank by. */
    private float[] bound = new float[0];
    /** Per fine group, how many of its behaviours are taken. */
    private int[] taken = new int[0];
    /** Per item group, its first member (from its first) with behaviours left, or before it. */
    private int[] live = new int[0];
    /**
     * A clock ticking at every take and every keying, across candidates: per item group, the time of its last
     * take, and per head, when it last keyed the group. A key made after the group's last take is still exact.
     */
    private long clock;
    private long[] lastTake = new long[0];
    private long[][] keyedAt = new long[0][];
    /** The fine groups taken from, in the order first taken, and how many behaviours of each. */
    int[] touched = new int[0];
    int[] multiplicity = new int[0];

    private ItemGroups ig;
    private float[] dots;
    private int base;

    /**
     * Takes {@code picked} behaviours for one candidate.
     *
     * @param dots   the candidate's dot products, head h's at {@code dots[base + h * groups + g]}
     * @return how many fine groups were taken from ({@link #touched}, {@link #multiplicity})
     */
    int select(ItemGroups groups, float[] dots, int base, int heads, int picked) {
        if (picked > groups.fine.rows()) {
            throw new IllegalArgumentException("cannot take " + picked + " of " + groups.fine.rows() + " behaviours");
        }
        this.ig = groups;
        this.dots = dots;
        this.base = base;
        size(heads, groups, picked);
        int g = groups.groups;
        int expected = (picked + heads - 1) / heads;
        for (int h = 0; h < heads; h++) {
            // Each item group's best possible relevance, as best() adds it: dot + its highest bias.
            K.add(dots, base + h * g, groups.maxBias, 0, bound, h * g, g);
            rankings[h].open(bound, h * g, g, expected);
            peek[h] = rankings[h].next();
            heapSize[h] = 0;
        }
        int fine = 0;
        for (int count = 0; count < picked; ) {
            for (int h = 0; h < heads && count < picked; h++, count++) {
                int s = ig.fine.groupOf()[(int) next(h, h * g)];
                lastTake[ig.itemGroupOf[s]] = ++clock;
                if (taken[s]++ == 0) {
                    touched[fine++] = s;
                }
            }
        }
        for (int t = 0; t < fine; t++) {
            int s = touched[t];
            multiplicity[t] = taken[s];
            taken[s] = 0;
            live[ig.itemGroupOf[s]] = 0;
        }
        // The workspace outlives the request: it keeps no hold on its history.
        this.ig = null;
        this.dots = null;
        return fine;
    }

    /** Head h's next behaviour, as a key: its relevance's bits, then its position. */
    private long next(int h, int boundOff) {
        long[] heap = heaps[h];
        while (true) {
            while (peek[h] >= 0 && (heapSize[h] == 0 || ceiling(bound[boundOff + peek[h]]) >= heap[0])) {
                long key = best(h, peek[h]);
                if (key != NONE) {
                    heapSize[h] = LongMaxHeap.push(heap, heapSize[h], key);
                }
                peek[h] = rankings[h].next();
            }
            if (heapSize[h] == 0) {
                throw new IllegalStateException("head " + h + " has no behaviour left to take");
            }
            long top = heap[0];
            int at = ig.itemGroupOf[ig.fine.groupOf()[(int) top]];
            if (keyedAt[h][at] > lastTake[at]) {
                return top;
            }
            long now = best(h, at);
            if (now == top) {
                return top;
            }
            if (now == NONE) {
                int size = --heapSize[h];
                if (size > 0) {
                    LongMaxHeap.siftDown(heap, size, 0, heap[size]);
                }
            } else {
                LongMaxHeap.siftDown(heap, heapSize[h], 0, now);
            }
        }
    }

    /** A key above every key of an item group whose best relevance is {@code b}. */
    private static long ceiling(float b) {
        return (long) Ranking.sortable(b) << 32 | 0xFFFFFFFFL;
    }

    /**
     * Head h's best behaviour left in item group g, as a key; {@link #NONE} when none is left. Members are
     * listed by bias, so the best lies among the first members with behaviours left whose relevance rounds to
     * the same float; of those, the one whose newest behaviour left is newest.
     */
    private long best(int h, int g) {
        int[] members = ig.members;
        int[] counts = ig.fine.counts();
        int from = ig.memberStart[g];
        int end = ig.memberStart[g + 1];
        int j = from + live[g];
        while (j < end && taken[members[j]] == counts[members[j]]) {
            j++;
        }
        live[g] = j - from;
        keyedAt[h][g] = ++clock;
        if (j == end) {
            return NONE;
        }
        float dot = dots[base + h * ig.groups + g];
        int s = members[j];
        float alpha = dot + ig.bias[s];
        int newest = newestLeft(s);
        for (int t = j + 1; t < end; t++) {
            int u = members[t];
            if (Float.floatToIntBits(dot + ig.bias[u]) != Float.floatToIntBits(alpha)) {
                break;
            }
            if (taken[u] < counts[u] && newestLeft(u) > newest) {
                newest = newestLeft(u);
            }
        }
        return (long) Ranking.sortable(alpha) << 32 | newest;
    }

    private int newestLeft(int s) {
        return ig.fine.positions()[ig.fine.offsets()[s + 1] - 1 - taken[s]];
    }

    private void size(int heads, ItemGroups groups, int picked) {
        if (rankings.length < heads) {
            rankings = new Ranking[heads];
            for (int h = 0; h < heads; h++) {
                rankings[h] = new Ranking();
            }
            heaps = new long[heads][0];
            keyedAt = new long[heads][0];
            heapSize = new int[heads];
            peek = new int[heads];
        }
        for (int h = 0; h < heads; h++) {
            if (heaps[h].length < groups.groups) {
                heaps[h] = new long[groups.groups];
                keyedAt[h] = new long[groups.groups];
            }
        }
        if (lastTake.length < groups.groups) {
            lastTake = new long[groups.groups];
        }
        if (bound.length < heads * groups.groups) {
            bound = new float[heads * groups.groups];
        }
        int fine = groups.fine.groups();
        if (taken.length < fine) {
            taken = new int[fine];
        }
        if (live.length < groups.groups) {
            live = new int[groups.groups];
        }
        if (touched.length < picked) {
            touched = new int[picked];
            multiplicity = new int[picked];
        }
    }
}
