package dev.lifelong.data.split;

import dev.lifelong.data.sample.SampleColumns;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How samples are divided into train, valid and test. Whatever the split, a sample's history is its user's
 * events before it, so a test sample sees the user's training-period events and never a later one.
 */
public sealed interface SplitSpec {

    String describe();

    /**
     * Assigns every sample a split ({@link Split} ordinal) and returns the parameters to record (cut times).
     *
     * @param order samples in chronological order
     */
    Map<String, Object> assign(SampleColumns samples, int[] order, byte[] split);

    /**
     * A global time cut: train before {@code validFrom}, valid from there until {@code testFrom}, test from
     * {@code testFrom}. Either given as fractions of the samples (quantiles of their times) or as instants.
     */
    record TimeCut(double validFraction, double testFraction, Instant validFrom, Instant testFrom)
            implements SplitSpec {

        public TimeCut {
            if (validFrom == null) {
                if (!(validFraction >= 0 && testFraction > 0 && validFraction + testFraction < 1)) {
                    throw new IllegalArgumentException("split fractions must satisfy valid >= 0, test > 0 and "
                            + "valid + test < 1; got valid " + validFraction + ", test " + testFraction);
                }
            } else if (testFrom == null || testFrom.isBefore(validFrom)) {
                throw new IllegalArgumentException("the test cut must not come before the valid cut");
            }
        }

        /** The shared MovieLens protocol: train below the 80% time quantile, valid to 90%, test above. */
        public static TimeCut fractions(double valid, double test) {
            return new TimeCut(valid, test, null, null);
        }

        public static TimeCut dates(Instant validFrom, Instant testFrom) {
            return new TimeCut(0, 0, validFrom, testFrom);
        }

        @Override
        public String describe() {
            return validFrom == null
                    ? "time cut at the " + pct(1 - validFraction - testFraction) + " and " + pct(1 - testFraction)
                    + " quantiles of sample time"
                    : "time cut: valid from " + validFrom + ", test from " + testFrom;
        }

        private static String pct(double q) {
            return Math.round(q * 1000) / 10.0 + "%";
        }

        @Override
        public Map<String, Object> assign(SampleColumns s, int[] order, byte[] split) {
            long validCut;
            long testCut;
            int n = order.length;
            if (validFrom == null) {
                validCut = n == 0 ? 0 : s.time(order[Math.min(n - 1, (int) Math.floor((1 - validFraction - testFraction) * n))]);
                testCut = n == 0 ? 0 : s.time(order[Math.min(n - 1, (int) Math.floor((1 - testFraction) * n))]);
            } else {
                validCut = validFrom.getEpochSecond();
                testCut = testFrom.getEpochSecond();
            }
            for (int i : order) {
                long t = s.time(i);
                split[i] = (byte) (t < validCut ? Split.TRAIN.ordinal()
                        : t < testCut ? Split.VALID.ordinal() : Split.TEST.ordinal());
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("kind", "time-cut");
            p.put("valid_from", Instant.ofEpochSecond(validCut).toString());
            p.put("test_from", Instant.ofEpochSecond(testCut).toString());
            return p;
        }
    }

    /**
     * Per user, the last {@code test} events' samples are test, the {@code valid} before them valid, the rest
     * train. A positive and its sampled negatives count as one event.
     */
    record LastN(int valid, int test) implements SplitSpec {

        public LastN {
            if (valid < 0 || test < 1) {
                throw new IllegalArgumentException("last-N split needs valid >= 0 and test >= 1, got " + valid
                        + ", " + test);
            }
        }

        @Override
        public String describe() {
            return "per user: last " + test + " event(s) test, " + valid + " before them valid";
        }

        @Override
        public Map<String, Object> assign(SampleColumns s, int[] order, byte[] split) {
            // Walk each user's samples from the newest, counting distinct groups (events).
            it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap groupsSeen = new it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap();
            it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap lastGroup = new it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap();
            lastGroup.defaultReturnValue(-1);
            for (int k = order.length - 1; k >= 0; k--) {
                int i = order[k];
                int u = s.user(i);
                if (lastGroup.get(u) != s.group(i)) {
                    lastGroup.put(u, s.group(i));
                    groupsSeen.addTo(u, 1);
                }
                int rank = groupsSeen.get(u);
                split[i] = (byte) (rank <= test ? Split.TEST.ordinal()
                        : rank <= test + valid ? Split.VALID.ordinal() : Split.TRAIN.ordinal());
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("kind", "last-n");
            p.put("valid", valid);
            p.put("test", test);
            return p;
        }
    }
}
