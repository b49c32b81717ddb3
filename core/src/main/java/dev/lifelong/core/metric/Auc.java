package dev.lifelong.core.metric;

import it.unimi.dsi.fastutil.ints.IntArrays;

/**
 * Area under the ROC curve by ranks (Mann-Whitney), ties sharing their average rank, so a constant score gives
 * exactly 0.5. NaN when the labels are all one class.
 */
public final class Auc {

    private Auc() {
    }

    /** @param labels 1 for positive, anything else negative */
    public static double of(float[] scores, float[] labels, int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        IntArrays.quickSort(idx, (a, b) -> Float.compare(scores[a], scores[b]));
        double rankSumPositive = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[idx[j + 1]] == scores[idx[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (labels[idx[k]] == 1f) {
                    rankSumPositive += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
