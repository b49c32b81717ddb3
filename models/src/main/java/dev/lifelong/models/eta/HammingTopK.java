package dev.lifelong.models.eta;

/**
 * Selects the k behaviours nearest to the target in Hamming distance (MODELS.md, ETA 4). Distances take only
 * m + 1 values, so a counting pass finds the threshold distance in O(L + m) without sorting; ties at the
 * threshold go to the more recent behaviours; with fewer than k behaviours all are kept. The selection is
 * returned in chronological order.
 */
public final class HammingTopK {

    private int[] histogram = new int[0];

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
        if (histogram.length < maxDistance + 1) {
            histogram = new int[maxDistance + 1];
        } else {
            java.util.Arrays.fill(histogram, 0, maxDistance + 1, 0);
        }
        for (int i = 0; i < n; i++) {
            histogram[distances[i]]++;
        }
        int threshold = 0;
        int below = 0;
        while (below + histogram[threshold] < k) {
            below += histogram[threshold];
            threshold++;
        }
        // All behaviours nearer than the threshold, plus the (k - below) most recent at the threshold.
        int atThreshold = k - below;
        int skipAtThreshold = histogram[threshold] - atThreshold;
        int count = 0;
        for (int i = 0; i < n; i++) {
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
}
