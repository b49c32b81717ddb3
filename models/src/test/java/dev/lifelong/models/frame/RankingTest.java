package dev.lifelong.models.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RankingTest {

    @Test
    void topNIsThePrefixOfTheFullRankingWithTiesToTheMoreRecent() {
        SplittableRandom rnd = new SplittableRandom(3);
        Ranking ranking = new Ranking();
        for (int trial = 0; trial < 300; trial++) {
            int len = rnd.nextInt(1, 600);
            float[] scores = new float[len + 2];
            for (int i = 0; i < scores.length; i++) {
                // Few distinct values, so ties are common; signed zeros and negatives included.
                scores[i] = trial % 3 == 0 ? (rnd.nextInt(7) - 3) * 0.5f : (float) rnd.nextGaussian();
            }
            scores[1] = -0f;
            Integer[] expected = new Integer[len];
            for (int i = 0; i < len; i++) {
                expected[i] = i;
            }
            Arrays.sort(expected, (x, y) -> {
                int c = Float.compare(scores[2 + y], scores[2 + x]);
                return c != 0 ? c : Integer.compare(y, x);
            });
            int n = rnd.nextInt(1, len + 3);
            int[] out = new int[len];
            int k = ranking.top(scores, 2, len, n, out);
            assertThat(k).isEqualTo(Math.min(n, len));
            for (int i = 0; i < k; i++) {
                if (out[i] != expected[i]) {
                    throw new AssertionError("trial " + trial + " len " + len + " n " + n + ": rank " + i + " is "
                            + out[i] + ", expected " + expected[i]);
                }
            }
        }
    }

    /**
     * Long sequences, where a sampled bound filters first: ties, signed zeros, and samples built to mislead
     * (the sampled positions hold the very best scores, so the first bound keeps too few and the pass repeats).
     */
    @Test
    void longSequencesRankAsTheFullSortDoesWhateverTheSampleSaw() {
        SplittableRandom rnd = new SplittableRandom(9);
        Ranking ranking = new Ranking();
        for (int trial = 0; trial < 40; trial++) {
            int len = rnd.nextInt(1_024, 30_000);
            float[] scores = trialScores(rnd, trial, len, 1, Math.max(1, Math.min(len / 256, 32)));
            Integer[] expected = fullRanking(scores, 1, len);
            int n = rnd.nextInt(1, 150);
            int[] out = new int[n];
            int k = ranking.top(scores, 1, len, n, out);
            assertThat(k).isEqualTo(n);
            for (int i = 0; i < k; i++) {
                if (out[i] != expected[i]) {
                    throw new AssertionError("trial " + trial + " len " + len + " n " + n + ": rank " + i + " is "
                            + out[i] + ", expected " + expected[i]);
                }
            }
        }
    }

    @Test
    void emptyOrZeroRequestsSelectNothing() {
        assertThat(new Ranking().top(new float[3], 0, 0, 5, new int[0])).isZero();
        assertThat(new Ranking().top(new float[3], 0, 3, 0, new int[3])).isZero();
    }

    /**
     * The stream gives the full ranking one position at a time, however far the walk goes past what it expected:
     * short and long sequences, ties, signed zeros, and misleading samples (as above).
     */
    @Test
    void theStreamGivesTheFullRankingInOrder() {
        SplittableRandom rnd = new SplittableRandom(13);
        Ranking ranking = new Ranking();
        for (int trial = 0; trial < 60; trial++) {
            int len = trial % 4 == 0 ? rnd.nextInt(1, 900) : rnd.nextInt(1_024, 20_000);
            float[] scores = trialScores(rnd, trial, len, 2, Math.max(1, len / 64));
            Integer[] expected = fullRanking(scores, 2, len);
            ranking.open(scores, 2, len, rnd.nextInt(1, 60));
            // Most walks stop early; some go through everything, past the sampled bound.
            int walk = trial % 5 == 0 ? len : Math.min(len, rnd.nextInt(1, 400));
            for (int i = 0; i < walk; i++) {
                int got = ranking.next();
                if (got != expected[i]) {
                    throw new AssertionError("trial " + trial + " len " + len + ": rank " + i + " is " + got
                            + ", expected " + expected[i]);
                }
            }
            if (walk == len) {
                assertThat(ranking.next()).isEqualTo(-1);
            }
        }
    }

    /**
     * Scores at {@code off ..}: Gaussian, heavily tied, or misleading (the positions a sample of the given
     * stride reads hold the very best and worst, so a bound from it keeps too few); one signed zero.
     */
    private static float[] trialScores(SplittableRandom rnd, int trial, int len, int off, int stride) {
        float[] scores = new float[len + off];
        for (int i = 0; i < len; i++) {
            boolean sampled = i % stride == stride >> 1;
            scores[off + i] = switch (trial % 3) {
                case 0 -> (float) rnd.nextGaussian();
                case 1 -> (rnd.nextInt(9) - 4) * 0.25f;
                default -> sampled ? (i < 30 * stride ? 10f : -10f) : (float) rnd.nextGaussian();
            };
        }
        scores[off + len / 2] = -0f;
        return scores;
    }

    /** Every position, best first, ties to the more recent: the ranking by a plain sort. */
    private static Integer[] fullRanking(float[] scores, int off, int len) {
        Integer[] order = new Integer[len];
        for (int i = 0; i < len; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> {
            int c = Float.compare(scores[off + y], scores[off + x]);
            return c != 0 ? c : Integer.compare(y, x);
        });
        return order;
    }
}
