package dev.lifelong.models.eta;

/**
 * Selects the k behaviours nearest to the target in Hamming distance (MODELS.md, ETA 4). Distances take only
 * m + 1 values, so counting finds the threshold distance in O(L + m) without sorting; ties at the threshold go
 * to the more recent behaviours; with fewer than k behaviours all are kept. The selection is returned in
 * chronological order.
 *
 * <p>A bound first, then one pass. The distances of an evenly spaced sample (about 256 behaviours, or one in 32
 * of long sequences) give a distance that a few times k behaviours are expected to lie within; the pass keeps
 * only the behaviours within it as candidates, and the threshold and the selection come from those alone. The
 * pass is then one compare per behaviour whose branch is nearly never taken: a mispredicted branch costs as
 * much as a dozen distances on this hardware, which is why a bound that starts loose and shrinks as the scan
 * goes (the previous form) spent most of its time in its first few hundred behaviours. When the sample was
 * unlucky and fewer than k lie within the bound, the pass is repeated with a looser one, so the result is
 * always exact.
 */
public final class HammingTopK {

    /** About this many behaviours are sampled, but never fewer than one in {@link #SAMPLE_EVERY}. */
    private static final int SAMPLE = 256;
    private static final int SAMPLE_EVERY = 32;

    private int[] histogram = new int[0];
    private int[] candidates = new int[0];
    private int[] candidateDistances = new int[0];
    private long[] masks = new long[0];

    /**
     * @param distances   distances of the sequence's behaviours, oldest first
     * @param n           behaviours in the sequence
     * @param k           how many to keep
     * @param maxDistance m, the largest possible distance
     * @param selected    receives the kept positions (0-based within the sequence), oldest first
     * @return how many were kept: {@code min(n, k)}
     */
    public int select(int[] distances, int n, int k, int maxDistance, int[] selected) {
        if (n <= k) {
            return all(n, selected);
        }
        start(n, maxDistance);
        int stride = stride(n);
        for (int i = stride >> 1; i < n; i += stride) {
            histogram[distances[i]]++;
        }
        int need = firstNeed(n, k, stride);
        int bound = boundFor(need, maxDistance);
        int c = within(distances, n, bound);
        while (c < k) {
            bound = looser(bound, need *= 2, maxDistance);
            c = within(distances, n, bound);
        }
        return finish(c, k, maxDistance, selected);
    }

    /** Keeps the behaviours within {@code bound} as candidates; returns how many. */
    private int within(int[] distances, int n, int bound) {
        int[] cand = candidates;
        int[] candD = candidateDistances;
        int c = 0;
        for (int i = 0; i < n; i++) {
            int d = distances[i];
            if (d <= bound) {
                cand[c] = i;
                candD[c++] = d;
            }
        }
        return c;
    }

    /**
     * As {@link #select}, for one-word (m <= 64) signatures, computing each distance as it goes instead of
     * reading a distance array: the serving path, where the history's signatures are shared by all candidates.
     * The scan is written out again rather than shared through a callback so that it stays one tight loop.
     */
    public int selectNearest(long[] signatures, int n, long target, int k, int maxDistance, int[] selected) {
        return selectNearest(signatures, null, n, target, k, maxDistance, selected);
    }

    /**
     * As {@link #selectNearest(long[], int, long, int, int, int[])}, the pass over the history run by
     * {@link VectorHammingScan} when {@code laidOut} holds the signatures in its layout (null: the scalar pass).
     * The same behaviours are kept either way.
     */
    public int selectNearest(long[] signatures, long[] laidOut, int n, long target, int k, int maxDistance,
                             int[] selected) {
        if (n <= k) {
            return all(n, selected);
        }
        start(n, maxDistance);
        int stride = stride(n);
        for (int i = stride >> 1; i < n; i += stride) {
            histogram[Long.bitCount(signatures[i] ^ target)]++;
        }
        int need = firstNeed(n, k, stride);
        int bound = boundFor(need, maxDistance);
        int c = laidOut != null ? withinByVectors(signatures, laidOut, n, target, bound)
                : within(signatures, n, target, bound);
        while (c < k) {
            bound = looser(bound, need *= 2, maxDistance);
            c = laidOut != null ? withinByVectors(signatures, laidOut, n, target, bound)
                    : within(signatures, n, target, bound);
        }
        return finish(c, k, maxDistance, selected);
    }

    /**
     * The first {@code n} signatures laid out for the vector pass, for {@link #selectNearest(long[], long[], int,
     * long, int, int, int[])}: built once per history, read by every candidate. Needs the Vector API module.
     */
    public static long[] vectorLayout(long[] signatures, int n) {
        return VectorHammingScan.layout(signatures, n);
    }

    private int withinByVectors(long[] signatures, long[] laidOut, int n, long target, int bound) {
        int blocks = n / VectorHammingScan.BLOCK;
        if (masks.length < blocks) {
            masks = new long[blocks];
        }
        return VectorHammingScan.within(signatures, laidOut, n, target, bound, candidates, candidateDistances,
                masks);
    }

    /**
     * Keeps the behaviours within {@code bound} of the target as candidates; returns how many. The first call
     * stands outside the retry loop on purpose: with the scan only inside it, C2 compiled the scan 40% slower
     * (measured with {@code HammingTopKBenchmark}, JDK 17 and 25).
     */
    private int within(long[] signatures, int n, long target, int bound) {
        int[] cand = candidates;
        int[] candD = candidateDistances;
        int c = 0;
        for (int i = 0; i < n; i++) {
            int d = Long.bitCount(signatures[i] ^ target);
            if (d <= bound) {
                cand[c] = i;
                candD[c++] = d;
            }
        }
        return c;
    }

    private static int stride(int n) {
        return Math.max(1, Math.min(n / SAMPLE, SAMPLE_EVERY));
    }

    /**
     * Sampled behaviours the bound must cover: one and a half times the share of k the sample represents, plus
     * three. Measured on clustered signatures (HammingTopKBenchmark) and a trained model's, this leaves two to
     * five times k candidates and rarely too few; a retry costs one more pass.
     */
    private static int firstNeed(int n, int k, int stride) {
        int sampled = (n - (stride >> 1) + stride - 1) / stride;
        return (int) (3L * k * sampled / (2L * n)) + 3;
    }

    /**
     * A bound for a retry: from twice the need, but at least one above the bound that kept too few (distances
     * repeat, so a larger need can give the same bound, and a pass with it would keep the same few).
     */
    private int looser(int bound, int need, int maxDistance) {
        return Math.min(maxDistance, Math.max(bound + 1, boundFor(need, maxDistance)));
    }

    /** The smallest distance within which {@code need} sampled behaviours lie (m when none is). */
    private int boundFor(int need, int maxDistance) {
        int bound = 0;
        for (int within = histogram[0]; within < need && bound < maxDistance; within += histogram[++bound]) {
            // counting up
        }
        return bound;
    }

    private static int all(int n, int[] selected) {
        for (int i = 0; i < n; i++) {
            selected[i] = i;
        }
        return n;
    }

    private void start(int n, int maxDistance) {
        int bins = maxDistance + 1;
        if (histogram.length < bins) {
            histogram = new int[bins];
        } else {
            java.util.Arrays.fill(histogram, 0, bins, 0);
        }
        if (candidates.length < n) {
            candidates = new int[n];
            candidateDistances = new int[n];
        }
    }

    /**
     * Of the first {@code c} candidates (at least k, and every behaviour within their bound): all nearer than
     * the threshold, plus the most recent at it.
     */
    private int finish(int c, int k, int maxDistance, int[] selected) {
        int[] h = histogram;
        java.util.Arrays.fill(h, 0, maxDistance + 1, 0);
        for (int j = 0; j < c; j++) {
            h[candidateDistances[j]]++;
        }
        int threshold = 0;
        int below = 0;
        while (below + h[threshold] < k) {
            below += h[threshold];
            threshold++;
        }
        int skipAtThreshold = h[threshold] - (k - below);
        int kept = 0;
        for (int j = 0; j < c; j++) {
            int d = candidateDistances[j];
            if (d < threshold) {
                selected[kept++] = candidates[j];
            } else if (d == threshold) {
                if (skipAtThreshold > 0) {
                    skipAtThreshold--;
                } else {
                    selected[kept++] = candidates[j];
                }
            }
        }
        return kept;
    }
}
