package dev.lifelong.train.metric;

import dev.lifelong.core.metric.Auc;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;

/**
 * The evaluation metrics of MODELS.md: AUC (ties share their average rank), GAUC (per-user AUC weighted by the
 * user's sample count; users whose samples all share one label are skipped, as is standard and as reports
 * state) and logloss.
 *
 * @param samples      samples evaluated
 * @param auc          AUC over all samples
 * @param gauc         user-weighted AUC over users with both labels
 * @param gaucUsers    users that entered GAUC
 * @param logloss      mean binary cross-entropy of the predicted probabilities, each clamped to [1e-7, 1 - 1e-7] so
 *                     that a certain wrong prediction costs -ln(1e-7), not infinity
 * @param positiveRate share of positive labels
 */
public record Metrics(int samples, double auc, double gauc, int gaucUsers, double logloss, double positiveRate) {

    /** Metrics of probabilities {@code p} for {@code labels} of {@code users}, first {@code n} entries. */
    public static Metrics of(float[] p, float[] labels, int[] users, int n) {
        double ll = 0;
        int pos = 0;
        for (int i = 0; i < n; i++) {
            double q = Math.min(1 - 1e-7, Math.max(1e-7, p[i]));
            ll -= labels[i] == 1f ? Math.log(q) : Math.log(1 - q);
            pos += labels[i] == 1f ? 1 : 0;
        }
        Int2ObjectOpenHashMap<IntArrayList> byUser = new Int2ObjectOpenHashMap<>();
        for (int i = 0; i < n; i++) {
            byUser.computeIfAbsent(users[i], k -> new IntArrayList()).add(i);
        }
        double weighted = 0;
        long weight = 0;
        int usersCounted = 0;
        int[] keys = byUser.keySet().toIntArray();
        java.util.Arrays.sort(keys);
        for (int u : keys) {
            IntArrayList idx = byUser.get(u);
            float[] up = new float[idx.size()];
            float[] uy = new float[idx.size()];
            for (int j = 0; j < idx.size(); j++) {
                up[j] = p[idx.getInt(j)];
                uy[j] = labels[idx.getInt(j)];
            }
            double a = Auc.of(up, uy, idx.size());
            if (!Double.isNaN(a)) {
                weighted += a * idx.size();
                weight += idx.size();
                usersCounted++;
            }
        }
        return new Metrics(n, Auc.of(p, labels, n), weight == 0 ? Double.NaN : weighted / weight, usersCounted,
                n == 0 ? Double.NaN : ll / n, n == 0 ? Double.NaN : (double) pos / n);
    }
}
