package dev.lifelong.models.eta;

/**
 * Selects the k behaviours nearest to the target in Hamming distance (MODELS.md, ETA 4). Distances take only
 * m + 1 values, so counting finds the threshold distance in O(L + m) without sorting; ties at the threshold go
 * to the more recent behaviours; with fewer than k behaviours all are kept. The selection is returned in
 * chronological order.
 *
 * <p>One pass with a shrinking bound: once k behaviours lie strictly nearer than the bound, nothing at the bound
 * can be selected, so the bound drops. Random orders bring it near the final threshold within a few hundred
 * behaviours; after that nearly every behaviour costs one well-predicted comparison. The behaviours that were
 * within the bound when seen are kept as candidates, and the counts of distances at or below the final bound are
 * exact (the bound only ever falls), so the threshold and the selection come from the candidates alone.
 */
public final class HammingTopK {

    private int[] histogram = new int[0];
    private int[] candidates = new int[0];
    private int[] candidateDistances = new int[0];

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
            return all(n, selected);
        }
        start(n, maxDistance);
        int[] h = histogram;
        int[] cand = candidates;
        int[] candD = candidateDistances;
        int bound = maxDistance;
        int inBound = 0;
        int c = 0;
        for (int i = 0; i < n; i++) {
            int d = distances[i];
            if (d <= bound) {
                cand[c] = i;
                candD[c++] = d;
                h[d]++;
                inBound++;
                while (inBound - h[bound] >= k) {
                    inBound -= h[bound];
                    bound--;
                }
            }
        }
        return finish(c, k, selected);
    }

    /**
     * As {@link #select}, for one-word (m <= 64) signatures, computing each distance as it goes instead of
     * reading a distance array: the serving path, where the history's signatures are shared by all candidates.
     * The scan is written out again rather than shared through a callback so that it stays one tight loop.
     */
    public int selectNearest(long[] signatures, int n, long target, int k, int maxDistance, int[] selected) {
        if (n <= k) {
            return all(n, selected);
        }
        start(n, maxDistance);
        int[] h = histogram;
        int[] cand = candidates;
        int[] candD = candidateDistances;
        int bound = maxDistance;
        int inBound = 0;
        int c = 0;
        for (int i = 0; i < n; i++) {
            int d = Long.bitCount(signatures[i] ^ target);
            if (d <= bound) {
                cand[c] = i;
                candD[c++] = d;
                h[d]++;
                inBound++;
                while (inBound - h[bound] >= k) {
                    inBound -= h[bound];
                    bound--;
                }
            }
        }
        return finish(c, k, selected);
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

    /** Of the first {@code c} candidates: all nearer than the threshold, plus the most recent at it. */
    private int finish(int c, int k, int[] selected) {
        int[] h = histogram;
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
