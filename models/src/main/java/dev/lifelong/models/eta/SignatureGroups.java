package dev.lifelong.models.eta;

import dev.lifelong.models.frame.LongMaxHeap;
import dev.lifelong.models.frame.RowGroups;
import java.util.Arrays;

/**
 * A history's behaviours grouped by what they are (item and category), for selecting over a history that
 * repeats itself. Lifelong histories come back to the same items again and again (the default synthetic users'
 * hold about one distinct item in twenty behaviours; {@code lifelong inspect} prints a dataset's share), and the
 * occurrences of an item share its one-word signature, so a target's distance to them is computed once per
 * group, not once per occurrence.
 *
 * <p>{@link #select} returns exactly what {@link HammingTopK#selectNearest} returns over the ungrouped history:
 * every behaviour nearer than the threshold distance, then the most recent ones at it, in chronological order.
 * {@link #selectGrouped} returns the same behaviours as groups with multiplicities, for attention that weighs a
 * row seen c times by c instead of repeating it. Either costs one pass over the groups plus the k kept, so
 * grouping pays only when there are markedly fewer groups than behaviours ({@link #worthGrouping}).
 */
public final class SignatureGroups {

    private final int behaviours;
    private final int groups;
    private final long[] values;     // [groups]: each group's signature
    private final int[] counts;      // [groups]
    private final int[] offsets;     // [groups + 1] into positions
    private final int[] positions;   // each group's positions within the history, ascending
    private final int[] groupOf;     // [behaviours]
    private final RowGroups grouping;
    /** The heaviest groups' signatures and counts: a sample whose threshold bounds the whole history's. */
    private final long[] heavyValues;
    private final int[] heavyCounts;
    /**
     * Every {@code groups / SPREAD}-th group's signature and count (null for fewer than {@code 4 SPREAD}
     * groups): a sample whose distances are the history's in miniature, for a bound far tighter than the
     * heaviest groups give when no group is much heavier than the rest.
     */
    private final long[] spreadValues;
    private final int[] spreadCounts;
    private final long spreadBehaviours;
    /** The groups' signatures in the vector pass's layout ({@link VectorHammingScan}), or null: the scalar pass. */
    private final long[] laidOut;

    /** Tied groups up to which the newest positions are merged by scanning them instead of through a heap. */
    static final int LINEAR_MERGE = 16;
    /** Groups in the sample: enough to hold a good share of a lifelong history, few enough to be cheap. */
    static final int HEAVY = 64;
    /** Groups in the spread sample. */
    static final int SPREAD = 256;
    /**
     * Groups from which the pass over them runs on the Vector API when asked to. Below it the pass is a small
     * part of a selection (730 groups: about 0.1 of 1.5 µs), and over HTTP the dataset's users at L = 10^4 were
     * scored slower with it on Temurin 25, for a reason not found (median scoring 3.42 against 3.03 ms over 21
     * runs each, docs/BENCHMARKS.md, session 17), where the isolated selection was faster; from here up the
     * pass is most of a selection (20,000 groups at L = 10^5).
     */
    static final int VECTOR_MIN_GROUPS = 1024;

    private SignatureGroups(RowGroups g, long[] values, boolean vectorPass) {
        this.grouping = g;
        this.behaviours = g.rows();
        this.groups = g.groups();
        this.values = values;
        this.counts = g.counts();
        this.offsets = g.offsets();
        this.positions = g.positions();
        this.groupOf = g.groupOf();
        int[] heavy = heaviest(counts, groups, Math.min(HEAVY, groups));
        this.heavyValues = new long[heavy.length];
        this.heavyCounts = new int[heavy.length];
        for (int i = 0; i < heavy.length; i++) {
            heavyValues[i] = values[heavy[i]];
            heavyCounts[i] = counts[heavy[i]];
        }
        if (groups >= 4 * SPREAD) {
            int stride = groups / SPREAD;
            int sampled = (groups - stride / 2 + stride - 1) / stride;
            spreadValues = new long[sampled];
            spreadCounts = new int[sampled];
            long held = 0;
            for (int i = 0, at = stride / 2; i < sampled; i++, at += stride) {
                spreadValues[i] = values[at];
                spreadCounts[i] = counts[at];
                held += counts[at];
            }
            spreadBehaviours = held;
        } else {
            spreadValues = null;
            spreadCounts = null;
            spreadBehaviours = 0;
        }
        this.laidOut = vectorPass && groups >= VECTOR_MIN_GROUPS ? VectorHammingScan.layout(values, groups) : null;
    }

    /** The {@code h} groups with the largest counts (ties to the lower index), in no particular order. */
    private static int[] heaviest(int[] counts, int groups, int h) {
        // Counts and indices in one long, so one sort orders by count and then index.
        long[] keyed = new long[groups];
        for (int g = 0; g < groups; g++) {
            keyed[g] = (long) counts[g] << 32 | (Integer.MAX_VALUE - g);
        }
        Arrays.sort(keyed);
        int[] heavy = new int[h];
        for (int i = 0; i < h; i++) {
            heavy[i] = Integer.MAX_VALUE - (int) keyed[groups - 1 - i];
        }
        return heavy;
    }

    /**
     * Groups the first {@code n} behaviours by {@code keys} (equal keys must have equal signatures: a key names
     * what was hashed) with their one-word {@code signatures}.
     */
    public static SignatureGroups of(long[] keys, long[] signatures, int n) {
        return of(RowGroups.of(keys, n), signatures, false);
    }

    /**
     * The groups {@code g} found, with the one-word {@code signatures} of the behaviours it grouped.
     *
     * @param vectorPass whether the pass over the groups runs with the Vector API ({@link HammingScan}) when
     *                   there are {@link #VECTOR_MIN_GROUPS} or more: the same selection either way
     */
    public static SignatureGroups of(RowGroups g, long[] signatures, boolean vectorPass) {
        long[] values = new long[g.groups()];
        for (int i = 0; i < values.length; i++) {
            values[i] = signatures[g.first(i)];
        }
        return new SignatureGroups(g, values, vectorPass);
    }

    /** Whether selecting over groups beats scanning every behaviour ({@link RowGroups#worthGrouping}). */
    public boolean worthGrouping() {
        return grouping.worthGrouping();
    }

    public int groups() {
        return groups;
    }

    /** Per-worker buffers of {@link #select}. */
    public static final class Scratch {
        private int[] near = new int[0];     // groups within the sample's bound, ascending
        private int[] nearDistances = new int[0];
        private long[] masks = new long[0];
        private int[] histogram = new int[0];
        private int[] atThreshold = new int[0];
        private int[] heap = new int[0];
        private int[] taken = new int[0];
        private long[] merge = new long[0];
        private int tiedBehaviours;
        private int tied;
        private int[] first = new int[0];   // per distance, its first group (-1: none); link: the next
        private int[] link = new int[0];
        private int below;
        private long target;
    }

    /**
     * The k behaviours nearest to {@code target}, as {@link HammingTopK#selectNearest} chooses them.
     *
     * @param selected receives the kept positions, ascending; holds k or more
     * @return how many were kept: {@code min(behaviours, k)}
     */
    public int select(long target, int k, int maxDistance, int[] selected, Scratch s) {
        if (behaviours <= k) {
            for (int i = 0; i < behaviours; i++) {
                selected[i] = i;
            }
            return behaviours;
        }
        int threshold = threshold(target, k, maxDistance, s);
        int kept = nearer(threshold, s, selected, null);
        int tied = s.tied;
        int r = mostRecent(s, tied, k - s.below, threshold);
        System.arraycopy(s.heap, 0, selected, kept, r);
        kept += r;
        Arrays.sort(selected, 0, kept);
        return kept;
    }

    /**
     * The behaviours {@link #select} keeps, by group: {@code rows[j]} is the most recent position of a group
     * that stands for {@code multiplicity[j]} kept behaviours, all alike.
     *
     * @return how many groups: the multiplicities sum to {@code min(behaviours, k)}
     */
    public int selectGrouped(long target, int k, int maxDistance, int[] rows, int[] multiplicity, Scratch s) {
        if (behaviours <= k) {
            for (int g = 0; g < groups; g++) {
                rows[g] = positions[offsets[g + 1] - 1];
                multiplicity[g] = counts[g];
            }
            return groups;
        }
        int threshold = threshold(target, k, maxDistance, s);
        int kept = nearer(threshold, s, rows, multiplicity);
        int tied = s.tied;
        int r = mostRecent(s, tied, k - s.below, threshold);
        if (s.taken.length < groups) {
            s.taken = new int[groups];
        }
        for (int i = 0; i < r; i++) {
            s.taken[groupOf[s.heap[i]]]++;
        }
        for (int t = 0; t < tied; t++) {
            int g = s.atThreshold[t];
            if (s.taken[g] > 0) {
                rows[kept] = positions[offsets[g + 1] - 1];
                multiplicity[kept++] = s.taken[g];
                s.taken[g] = 0;
            }
        }
        return kept;
    }

    /**
     * The groups nearer than the threshold into {@code out}: all their positions, or (with
     * {@code multiplicity}) their most recent and their count; the groups at it into {@code s.atThreshold}
     * ({@code s.tied} of them). Returns how many entries {@code out} received.
     */
    private int nearer(int threshold, Scratch s, int[] out, int[] multiplicity) {
        int kept = 0;
        for (int d = 0; d < threshold; d++) {
            for (int g = s.first[d]; g >= 0; g = s.link[g]) {
                if (multiplicity == null) {
                    System.arraycopy(positions, offsets[g], out, kept, counts[g]);
                    kept += counts[g];
                } else {
                    out[kept] = positions[offsets[g + 1] - 1];
                    multiplicity[kept++] = counts[g];
                }
            }
        }
        int tied = 0;
        for (int g = s.first[threshold]; g >= 0; g = s.link[g]) {
            s.atThreshold[tied++] = g;
        }
        s.tied = tied;
        return kept;
    }

    /**
     * The threshold distance: fewer than k behaviours lie nearer ({@code s.below} of them), k or more within
     * it. Lists each distance's groups up to it ({@code s.first}, {@code s.link}).
     *
     * <p>Only the groups within a bound are counted and listed, found by one cheap pass, instead of every group
     * paying a histogram update and a list link. Two samples give the bound. The heaviest groups hold k
     * behaviours or more (a lifelong history's favourites hold many), so the k nearest of the whole history lie
     * no farther than their own threshold: a safe bound, but a loose one when no group is much heavier than the
     * rest (a history of 10^5 behaviours over 20,000 items let 8% of its groups through). The spread sample's
     * distances, weighted by their counts, give a bound expected to hold a few times k; in the rare case it
     * holds fewer than k, the pass is repeated with a looser one, never looser than the safe bound, so the
     * result is always exact.
     */
    private int threshold(long target, int k, int maxDistance, Scratch s) {
        if (s.near.length < groups) {
            s.near = new int[groups];
            s.atThreshold = new int[groups];
            s.link = new int[groups];
            s.nearDistances = new int[groups];
            s.masks = new long[groups / VectorHammingScan.BLOCK];
        }
        if (s.histogram.length < maxDistance + 1) {
            s.histogram = new int[maxDistance + 1];
            s.first = new int[maxDistance + 1];
        }
        s.target = target;
        int[] hist = s.histogram;
        int safe = sampleBound(target, k, maxDistance, hist);
        long need = spreadValues == null ? 0 : 3L * k * spreadBehaviours / (2L * behaviours) + 3;
        int bound = need == 0 ? safe : Math.min(safe, spreadBound(target, need, maxDistance, hist));
        listWithin(target, bound, maxDistance, s);
        // Only a spread sample's bound can hold fewer than k; the safe one never does.
        while (bound < safe && held(hist, bound) < k) {
            need *= 2;
            bound = Math.min(safe, Math.max(bound + 1, spreadBound(target, need, maxDistance, hist)));
            listWithin(target, bound, maxDistance, s);
        }
        int threshold = 0;
        int below = 0;
        while (below + hist[threshold] < k) {
            below += hist[threshold];
            threshold++;
        }
        s.below = below;
        s.tiedBehaviours = hist[threshold];
        return threshold;
    }

    /** Counts (in {@code s.histogram}) and lists the groups within {@code bound} of {@code target}. */
    private void listWithin(long target, int bound, int maxDistance, Scratch s) {
        int[] hist = s.histogram;
        int[] first = s.first;
        int[] link = s.link;
        Arrays.fill(hist, 0, maxDistance + 1, 0);
        Arrays.fill(first, 0, bound + 1, -1);
        if (bound == maxDistance) {
            for (int g = 0; g < groups; g++) {
                list(g, Long.bitCount(values[g] ^ target), hist, first, link);
            }
            return;
        }
        int[] near = s.near;
        int m = laidOut != null ? VectorHammingScan.within(values, laidOut, groups, target, bound, near,
                s.nearDistances, s.masks) : within(target, bound, near);
        for (int i = 0; i < m; i++) {
            int g = near[i];
            list(g, Long.bitCount(values[g] ^ target), hist, first, link);
        }
    }

    /** Behaviours counted within {@code bound}. */
    private static long held(int[] hist, int bound) {
        long held = 0;
        for (int d = 0; d <= bound; d++) {
            held += hist[d];
        }
        return held;
    }

    /**
     * The smallest distance within which the spread sample holds {@code need} behaviours ({@code maxDistance}
     * when it holds fewer). Uses {@code hist} as scratch.
     */
    private int spreadBound(long target, long need, int maxDistance, int[] hist) {
        Arrays.fill(hist, 0, maxDistance + 1, 0);
        for (int i = 0; i < spreadValues.length; i++) {
            hist[Long.bitCount(spreadValues[i] ^ target)] += spreadCounts[i];
        }
        int bound = 0;
        long within = hist[0];
        while (within < need && bound < maxDistance) {
            within += hist[++bound];
        }
        return bound;
    }

    /** The groups within {@code bound} of {@code target} into {@code near}, ascending; returns how many. */
    private int within(long target, int bound, int[] near) {
        // A branch, not a conditional increment: the bound lets few groups through (a few percent), so it is
        // predicted, and the groups it stops cost no store.
        int m = 0;
        for (int g = 0; g < groups; g++) {
            if (Long.bitCount(values[g] ^ target) <= bound) {
                near[m++] = g;
            }
        }
        return m;
    }

    /**
     * Counts group {@code g} at distance {@code d} and lists it there: each distance's groups are listed as the
     * histogram is counted, so that the groups nearer than the threshold and at it are found without another
     * pass.
     */
    private void list(int g, int d, int[] hist, int[] first, int[] link) {
        hist[d] += counts[g];
        link[g] = first[d];
        first[d] = g;
    }

    /**
     * The threshold over the heaviest groups alone (an upper bound on the whole history's) when they hold k
     * behaviours or more and it leaves out most of them; else {@code maxDistance}, for no filtering: a bound
     * most groups pass costs a pass and saves nothing. Uses {@code hist} as scratch.
     */
    private int sampleBound(long target, int k, int maxDistance, int[] hist) {
        Arrays.fill(hist, 0, maxDistance + 1, 0);
        int held = 0;
        for (int i = 0; i < heavyValues.length; i++) {
            hist[Long.bitCount(heavyValues[i] ^ target)] += heavyCounts[i];
            held += heavyCounts[i];
        }
        if (held < k) {
            return maxDistance;
        }
        int bound = 0;
        int within = hist[0];
        while (within < k) {
            within += hist[++bound];
        }
        int passing = 0;
        for (long v : heavyValues) {
            passing += Long.bitCount(v ^ target) <= bound ? 1 : 0;
        }
        return passing * 2 > heavyValues.length ? maxDistance : bound;
    }

    /**
     * The {@code r} most recent positions of the tied groups, into {@code s.heap[0 .. r)}. Two ways, by cost:
     * <ul>
     *   <li>walking the history back from its end, which meets a tied behaviour every
     *       {@code behaviours / tiedBehaviours} positions on average: cheap when many behaviours tie;</li>
     *   <li>merging the groups' position lists from their newest ends (each list is ascending) through a
     *       max-heap of the tied groups keyed by the newest position each has left: the tied groups plus r
     *       steps of log(tied), however far back the tied behaviours lie (for a few tied groups, a scan of
     *       them per step instead of the heap).</li>
     * </ul>
     * A walk that runs well past its expected length (the tied behaviours are old) gives way to the merge.
     */
    private int mostRecent(Scratch s, int tied, int r, int threshold) {
        if (s.heap.length < r) {
            s.heap = new int[r];
        }
        int[] out = s.heap;
        if (tied == 1) {
            System.arraycopy(positions, offsets[s.atThreshold[0] + 1] - r, out, 0, r);
            return r;
        }
        long walk = (long) r * behaviours / s.tiedBehaviours;
        if (walk <= 2L * tied) {
            int stop = (int) Math.max(0, behaviours - 4 * walk - r);
            int found = 0;
            for (int p = behaviours - 1; p >= stop && found < r; p--) {
                if (Long.bitCount(values[groupOf[p]] ^ s.target) == threshold) {
                    out[found++] = p;
                }
            }
            if (found == r) {
                return r;
            }
        }
        if (s.merge.length < tied) {
            s.merge = new long[tied];
        }
        // Each tied group's newest position not yet taken, with its index into positions, in one long: compared
        // without looking positions up.
        long[] next = s.merge;
        int size = tied;
        for (int t = 0; t < tied; t++) {
            next[t] = entry(offsets[s.atThreshold[t] + 1] - 1);
        }
        if (tied <= LINEAR_MERGE) {
            return newestByScan(next, tied, r, out);
        }
        // Heapified bottom up: the tied groups can be hundreds, and r often a handful.
        LongMaxHeap.heapify(next, size);
        for (int i = 0; i < r; i++) {
            int at = (int) next[0];
            out[i] = positions[at];
            if (at > offsets[groupOf[positions[at]]]) {
                LongMaxHeap.siftDown(next, size, 0, entry(at - 1));
            } else {
                LongMaxHeap.siftDown(next, --size, 0, next[size]);
            }
        }
        return r;
    }

    /**
     * The merge for a few tied groups: each step scans them for the newest. A heap's sift takes a mispredicted
     * branch at every level; a scan of a dozen entries takes none. The same positions in the same order.
     */
    private int newestByScan(long[] next, int tied, int r, int[] out) {
        for (int i = 0; i < r; i++) {
            int best = 0;
            long newest = next[0];
            for (int t = 1; t < tied; t++) {
                long v = next[t];
                best = v > newest ? t : best;
                newest = Math.max(newest, v);
            }
            int at = (int) newest;
            out[i] = positions[at];
            next[best] = at > offsets[groupOf[positions[at]]] ? entry(at - 1) : Long.MIN_VALUE;
        }
        return r;
    }

    private long entry(int at) {
        return (long) positions[at] << 32 | at;
    }
}
