package dev.lifelong.data.dataset;

import dev.lifelong.data.sample.SampleTable;
import dev.lifelong.data.split.Split;
import dev.lifelong.data.timeline.TimelineStore;
import java.util.Arrays;

/**
 * Figures computed from a dataset's stores (not trusted from its metadata): per-user timeline lengths and
 * per-sample history lengths as quantiles, and label rates per split.
 *
 * @param userHistory   quantiles of events per user (users with at least one event)
 * @param userDistinct  quantiles of distinct items per user (same users): how much a history repeats itself,
 *                      which is what serving's per-distinct-item work saves
 * @param sampleHistory quantiles of history length over samples
 * @param samples       samples per split (TRAIN, VALID, TEST)
 * @param positives     positive samples per split
 */
public record DatasetStatistics(Quantiles userHistory, Quantiles userDistinct, Quantiles sampleHistory, long[] samples, long[] positives) {

    /** Mean and the 50th, 90th, 99th percentiles and maximum. */
    public record Quantiles(double mean, long p50, long p90, long p99, long max) {

        static Quantiles of(int[] values) {
            if (values.length == 0) {
                return new Quantiles(0, 0, 0, 0, 0);
            }
            int[] v = values.clone();
            Arrays.sort(v);
            double mean = Arrays.stream(v).asLongStream().sum() / (double) v.length;
            return new Quantiles(mean, at(v, 0.5), at(v, 0.9), at(v, 0.99), v[v.length - 1]);
        }

        private static long at(int[] sorted, double q) {
            return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
        }
    }

    public static DatasetStatistics of(Dataset d) {
        TimelineStore t = d.timelines();
        int[] perUser = new int[t.userCount()];
        int[] distinct = new int[t.userCount()];
        int[] seenBy = new int[t.itemCount() + 1];
        int users = 0;
        for (int u = 1; u < t.userCount(); u++) {
            int len = t.length(u);
            if (len > 0) {
                int items = 0;
                for (int r = t.start(u); r < t.end(u); r++) {
                    int item = t.item(r);
                    if (seenBy[item] != u) {
                        seenBy[item] = u;
                        items++;
                    }
                }
                distinct[users] = items;
                perUser[users++] = len;
            }
        }
        SampleTable s = d.samples();
        int[] history = new int[s.size()];
        long[] samples = new long[Split.values().length];
        long[] positives = new long[Split.values().length];
        for (int i = 0; i < s.size(); i++) {
            history[i] = s.historyEnd(i) - t.start(s.user(i));
            int sp = s.split(i).ordinal();
            samples[sp]++;
            if (s.label(i) == 1f) {
                positives[sp]++;
            }
        }
        return new DatasetStatistics(Quantiles.of(Arrays.copyOf(perUser, users)),
                Quantiles.of(Arrays.copyOf(distinct, users)), Quantiles.of(history), samples,
                positives);
    }
}
