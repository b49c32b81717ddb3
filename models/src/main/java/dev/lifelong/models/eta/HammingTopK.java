package dev.lifelong.models.eta;

/**
 * Selects the k behaviours nearest to the target in Hamming distance (MODELS.md, ETA 4). Distances take only
 * m + 1 values, so counting finds the threshold distance in O(L + m) without sorting; ties at the threshold go
 * to the more recent behaviours; with fewer than k behaviours all are kept. The selection is returned in
 * chronological order.
 */
public final class HammingTopK {

    private int[] histogram = new int[0];
    private int[] candidates = new int[0];

    /**
     * @param distances distances of the sequence's behaviours, oldest first
     * @param n         behaviours in the sequence
     * @param k         how many to keep
     * @param maxDistance m, the largest possible distance
     * @param selected  receives the kept positions (0-based within the sequence), oldest first
     * @return how many were kept: {@code min(n, k)}
     */
    public int select(int[] distances, int n, int k, int maxDistance, int[] selected) {
        if (n <= k) {
            for (int i = 0; i < n; i++) {
                selected[i] = i;
            }
            return n;
        }
        int bins = maxDistance + 1;
        if (histogram.length < bins) {
            histogram = new int[bins];
        } else {
            java.util.Arrays.fill(histogram, 0, bins, 0);
        }
        if (candidates.length < n) {
            candidates = new int[n];
        }
        // One pass with a shrinking bound: once k behaviours lie strictly nearer than the bound, nothing at the
        // bound can be selected, so the bound drops. Random orders bring it near the final threshold within a
        // few hundred behaviours; after that nearly every behaviour costs one well-predicted comparison. The
        // counts of distances at or below the final bound are exact (the bound only ever falls).
        int[] h = histogram;
        int[] cand = candidates;
        int bound = maxDistance;
        int inBound = 0;
        int c = 0;
        for (int i = 0; i < n; i++) {
            int d = distances[i];
            if (d <= bound) {
                cand[c++] = i;
                h[d]++;
                inBound++;
                while (inBound - h[bound] >= k) {
                    inBound -= h[bound];
                    bound--;
                }
            }
        }
        int threshold = 0;
        int below = 0;
        while (below + h[threshold] < k) {
            below += h[threshold];
            threshold++;
        }
        // All behaviours nearer than the threshold, plus the (k - below) most recent at the threshold.
        int skipAtThreshold = h[threshold] - (k - below);
        int count = 0;
        for (int j = 0; j < c; j++) {
            int i = cand[j];
            int d = distances[i];
            if (d < threshold) {
                selected[count++] = i;
            } else if (d == threshold) {
                if (skipAtThreshold > 0) {
                    skipAtThreshold--;
                } else {
                    selected[count++] = i;
                }
            }
        }
        return count;
    }

    /**
     * As {@link #select}, for one-word (m <= 64) signatures, computing each distance as it goes instead of
     * reading a distance array: the serving path, where the history's signatures are shared by all candidates.
     */
    public int selectNearest(long[] signatures, int n, long target, int k, int maxDistance, int[] selected) {
        if (n <= k) {
            for (int i = 0; i < n; i++) {
                selected[i] = i;
            }
            return n;
        }
        int bins = maxDistance + 1;
        if (histogram.length < bins) {
            histogram = new int[bins];
        } else {
            java.util.Arrays.fill(histogram, 0, bins, 0);
        }
        if (candidates.length < n) {
            candidates = new int[n];
        }
        int[] h = histogram;
        int[] cand = candidates;
        int bound = maxDistance;
        int inBound = 0;
        int c = 0;
        for (int i = 0; i < n; i++) {
            int d = Long.bitCount(signatures[i] ^ target);
            if (d <= bound) {
                cand[c++] = i;
                h[d]++;
                inBound++;
                while (inBound - h[bound] >= k) {
                    inBound -= h[bound];
                    bound--;
                }
            }
        }
        int threshold = 0;
        int below = 0;
        while (below + h[threshold] < k) {
            below += h[threshold];
            threshold++;
        }
        int skipAtThreshold = h[threshold] - (k - below);
        int count = 0;
        for (int j = 0; j < c; j++) {
            int i = cand[j];
            int d = Long.bitCount(signatures[i] ^ target);
            if (d < threshold) {
                selected[count++] = i;
            } else if (d == threshold) {
                if (skipAtThreshold > 0) {
                    skipAtThreshold--;
                } else {
                    selected[count++] = i;
                }
            }
        }
        return count;
    }
}
