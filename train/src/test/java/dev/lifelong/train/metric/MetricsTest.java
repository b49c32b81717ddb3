package dev.lifelong.train.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.progress.ProgressListener;
import dev.lifelong.data.split.SplitSpec;
import dev.lifelong.data.synth.SyntheticConfig;
import dev.lifelong.data.synth.SyntheticGenerator;
import dev.lifelong.models.frame.CtrModel;
import dev.lifelong.models.frame.ModelConfig;
import dev.lifelong.models.frame.ModelRegistry;
import dev.lifelong.train.loop.Evaluator;
import dev.lifelong.train.run.TrainRun;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MODELS.md's metrics with hand-computed values: AUC (ties share the average rank), GAUC (per-user AUC weighted by
 * the user's sample count, single-label users skipped), logloss, and the same per bucket of history length.
 */
class MetricsTest {

    // ---------------------------------------------------------------- GAUC, AUC, positive rate

    /**
     * Four users, interleaved in the arrays:
     * <pre>
     * user 1 (4 samples): pos {0.9, 0.3}, neg {0.8, 0.2}
     *         pairs: 0.9>0.8 1, 0.9>0.2 1, 0.3<0.8 0, 0.3>0.2 1            -> AUC 3/4 = 0.75
     * user 2 (2 samples): pos {0.4}, neg {0.6}                               -> AUC 0/1 = 0
     * user 3 (3 samples): all negative {0.05, 0.1, 0.15}                     -> skipped
     * user 4 (1 sample):  one positive {0.35}                                -> skipped
     *
     * GAUC = (4 * 0.75 + 2 * 0) / (4 + 2) = 3 / 6 = 0.5
     *   (users weighted equally: (0.75 + 0) / 2 = 0.375; skipped users' samples in the weight: 3 / 10 = 0.3)
     * gaucUsers = 2
     *
     * Global AUC, 4 positives x 6 negatives {0.8, 0.2, 0.6, 0.05, 0.1, 0.15} = 24 pairs:
     *   0.9 beats 6; 0.3, 0.4 and 0.35 each beat {0.2, 0.05, 0.1, 0.15} = 4   -> (6 + 3 * 4) / 24 = 0.75
     * positive rate = 4 / 10
     * </pre>
     */
    @Test
    void gaucWeightsUsersBySampleCountAndSkipsSingleLabelUsers() {
        int[] users = {1, 3, 2, 1, 4, 3, 1, 2, 3, 1};
        float[] p = {0.9f, 0.05f, 0.4f, 0.8f, 0.35f, 0.1f, 0.3f, 0.6f, 0.15f, 0.2f};
        float[] y = {1, 0, 1, 0, 1, 0, 1, 0, 0, 0};

        Metrics m = Metrics.of(p, y, users, p.length);

        assertThat(m.samples()).isEqualTo(10);
        assertThat(m.gauc()).isCloseTo(0.5, within(1e-12));
        assertThat(m.gaucUsers()).as("users 3 and 4 have one label each").isEqualTo(2);
        assertThat(m.auc()).isCloseTo(0.75, within(1e-12));
        assertThat(m.positiveRate()).isCloseTo(0.4, within(1e-12));
    }

    /** Only the first {@code n} entries count: a trailing entry that would change every figure is ignored. */
    @Test
    void onlyTheFirstNEntriesCount() {
        int[] users = {1, 3, 2, 1, 4, 3, 1, 2, 3, 1, 3};
        float[] p = {0.9f, 0.05f, 0.4f, 0.8f, 0.35f, 0.1f, 0.3f, 0.6f, 0.15f, 0.2f, 0.99f};
        float[] y = {1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 1};
        assertThat(Metrics.of(p, y, users, 10))
                .isEqualTo(Metrics.of(Arrays.copyOf(p, 10), Arrays.copyOf(y, 10), Arrays.copyOf(users, 10), 10));
    }

    /**
     * Ties inside one user's scores share their average rank:
     * <pre>
     * user 7 (4 samples): scores {0.5, 0.5, 0.5, 0.2}, labels {1, 0, 0, 1}
     *   ranks: 0.2 -> 1; the three 0.5s -> (2 + 3 + 4) / 3 = 3
     *   positive rank sum 1 + 3 = 4; AUC = (4 - 2 * 3 / 2) / (2 * 2) = 1 / 4 = 0.25
     *   (pairwise: 0.5 vs 0.5 twice = 2 * 0.5, 0.2 vs 0.5 twice = 0 -> 1 / 4)
     *   (ranks in index order would give 0; in reverse index order 0.5)
     * user 8 (2 samples): scores {0.3, 0.3}, labels {0, 1}                -> all tied, AUC 0.5
     *
     * GAUC = (4 * 0.25 + 2 * 0.5) / 6 = 2 / 6 = 1/3   (users equally: 0.375)
     * </pre>
     */
    @Test
    void aUsersTiedScoresShareTheAverageRank() {
        int[] users = {7, 8, 7, 7, 8, 7};
        float[] p = {0.5f, 0.3f, 0.5f, 0.5f, 0.3f, 0.2f};
        float[] y = {1, 0, 0, 0, 1, 1};

        Metrics m = Metrics.of(p, y, users, p.length);

        assertThat(m.gauc()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(m.gaucUsers()).isEqualTo(2);
        // Alone, user 7's GAUC is its AUC.
        Metrics seven = Metrics.of(new float[] {0.5f, 0.5f, 0.5f, 0.2f}, new float[] {1, 0, 0, 1},
                new int[] {7, 7, 7, 7}, 4);
        assertThat(seven.gauc()).isCloseTo(0.25, within(1e-12));
        assertThat(seven.auc()).isCloseTo(0.25, within(1e-12));
    }

    /** No user with both labels: GAUC is undefined (NaN) over zero users, not 0 or 0.5. */
    @Test
    void gaucIsNaNWhenEveryUserHasOneLabel() {
        Metrics m = Metrics.of(new float[] {0.2f, 0.7f, 0.4f}, new float[] {1, 0, 0}, new int[] {1, 2, 2}, 3);
        assertThat(m.gaucUsers()).isZero();
        assertThat(m.gauc()).isNaN();
        // Globally both labels are present: pos 0.2 beats no negative -> AUC 0.
        assertThat(m.auc()).isCloseTo(0.0, within(1e-12));
    }

    // ---------------------------------------------------------------- logloss

    /**
     * Mean binary cross-entropy:
     * <pre>
     * p {0.8, 0.3, 0.5, 0.9}, y {1, 0, 1, 0}
     *   -[ln 0.8 + ln 0.7 + ln 0.5 + ln 0.1] / 4
     *   = [0.2231435513 + 0.3566749439 + 0.6931471806 + 2.3025850930] / 4 = 3.5755507688 / 4 = 0.8938876922
     * </pre>
     * (the probabilities are floats, off by ~1e-8, hence the tolerance)
     */
    @Test
    void loglossIsTheMeanBinaryCrossEntropy() {
        Metrics m = Metrics.of(new float[] {0.8f, 0.3f, 0.5f, 0.9f}, new float[] {1, 0, 1, 0},
                new int[] {1, 1, 2, 2}, 4);
        assertThat(m.logloss()).isCloseTo(0.8938876922, within(1e-6));
    }

    /**
     * Certain predictions are clamped to [1e-7, 1 - 1e-7] (Metrics.of), so logloss stays finite:
     * <pre>
     * p {0, 1, 1, 0}, y {1, 0, 1, 0}
     *   wrong and certain (twice): -ln(1e-7) = 16.1180956510 each
     *   right and certain (twice): -ln(1 - 1e-7) = 1.0000000495e-7 each (1 - 1e-7 is not exact in double)
     *   mean = (2 * 16.1180956510 + 2 * 1e-7) / 4 = 8.0590478755
     * </pre>
     */
    @Test
    void loglossClampsCertainPredictionsAndStaysFinite() {
        Metrics m = Metrics.of(new float[] {0f, 1f, 1f, 0f}, new float[] {1, 0, 1, 0}, new int[] {1, 1, 1, 1}, 4);
        assertThat(m.logloss()).isFinite().isCloseTo(8.0590478755, within(1e-9));

        Metrics oneWrong = Metrics.of(new float[] {0f}, new float[] {1}, new int[] {1}, 1);
        assertThat(oneWrong.logloss()).isFinite().isCloseTo(-Math.log(1e-7), within(1e-9));

        Metrics allRight = Metrics.of(new float[] {1f, 0f}, new float[] {1, 0}, new int[] {1, 1}, 2);
        assertThat(allRight.logloss()).isFinite().isCloseTo(1e-7, within(1e-12));
        assertThat(allRight.auc()).isEqualTo(1.0);
    }

    // ---------------------------------------------------------------- per history length

    @TempDir
    static Path dir;
    static Dataset data;
    static Evaluator evaluator;
    /** Every sample, and a fixed pseudo-random prediction for each. */
    static int[] ids;
    static float[] p;
    /** Each sample's whole history length, computed here. */
    static int[] lengths;

    @BeforeAll
    static void generate() throws Exception {
        // 120 users with log-normal histories of mean 400 (min 20, max 3,000), 8 impressions each: every bucket of
        // TrainRun.LENGTH_EDGES gets users.
        new SyntheticGenerator(SyntheticConfig.DEFAULT.withSize(120, 1_200, 20, 400, 3_000).withImpressions(8))
                .generate(dir, SplitSpec.TimeCut.fractions(0.1, 0.2), null, ProgressListener.NONE);
        data = Dataset.open(dir);
        // The model is never run: byHistoryLength only buckets given predictions.
        CtrModel model = ModelRegistry.create("din-short", new ModelConfig(8, 200, 20, 2, new int[] {16}, 32, 24, 1),
                data.items().size(), data.categories().size());
        evaluator = new Evaluator(model, data, 64);
        var s = data.samples();
        ids = new int[s.size()];
        p = new float[s.size()];
        lengths = new int[s.size()];
        Random rng = new Random(7);
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
            p[i] = rng.nextFloat();
            lengths[i] = s.historyEnd(i) - data.timelines().start(s.user(i));
        }
    }

    /** The metrics of the samples {@code sel} (in this order) alone, from the labels and users in the dataset. */
    private static Metrics alone(int[] sel) {
        float[] ps = new float[sel.length];
        float[] ys = new float[sel.length];
        int[] us = new int[sel.length];
        for (int j = 0; j < sel.length; j++) {
            ps[j] = p[sel[j]];
            ys[j] = data.samples().label(sel[j]);
            us[j] = data.samples().user(sel[j]);
        }
        return Metrics.of(ps, ys, us, sel.length);
    }

    private static int[] where(java.util.function.IntPredicate lengthIn) {
        return java.util.stream.IntStream.range(0, ids.length).filter(i -> lengthIn.test(lengths[i])).toArray();
    }

    @Test
    void theDocumentedEdgesSplitEverySampleIntoExactlyOneBucket() {
        assertThat(TrainRun.LENGTH_EDGES).containsExactly(0, 50, 200, 1000);
        // The buckets, written out: [0, 50), [50, 200), [200, 1000), [1000, ...).
        int[][] expected = {
            where(len -> len >= 0 && len < 50),
            where(len -> len >= 50 && len < 200),
            where(len -> len >= 200 && len < 1000),
            where(len -> len >= 1000),
        };
        int total = 0;
        for (int[] b : expected) {
            assertThat(b).as("every bucket has samples in this dataset").isNotEmpty();
            total += b.length;
        }
        assertThat(total).as("the written-out buckets partition the samples").isEqualTo(ids.length);

        Metrics[] got = evaluator.byHistoryLength(ids, p, TrainRun.LENGTH_EDGES);

        assertThat(got).hasSize(4);
        int sum = 0;
        for (int k = 0; k < 4; k++) {
            assertThat(got[k].samples()).as("bucket %d size", k).isEqualTo(expected[k].length);
            assertThat(got[k]).as("bucket %d = its samples' metrics alone", k).isEqualTo(alone(expected[k]));
            sum += got[k].samples();
        }
        assertThat(sum).as("each sample in exactly one bucket").isEqualTo(ids.length);
        // Not the whole set's metrics repeated.
        assertThat(got[0].auc()).isNotEqualTo(evaluator.metrics(ids, p).auc());
        assertThat(evaluator.metrics(ids, p)).isEqualTo(alone(ids));
    }

    /**
     * Buckets are half-open, [lo, hi): a sample whose history length equals an edge goes to the bucket starting
     * there, and the last bucket has no upper end. The edges are lengths present in the dataset, so samples sit
     * exactly on them (the documented 50/200/1000 may not be hit).
     */
    @Test
    void aSampleOnAnEdgeBelongsToTheBucketAboveAndTheLastBucketIsOpen() {
        int[] sorted = Arrays.stream(lengths).distinct().sorted().toArray();
        int a = sorted[sorted.length / 3];
        int b = sorted[2 * sorted.length / 3];
        int max = sorted[sorted.length - 1];
        assertThat(where(len -> len == a)).isNotEmpty();
        assertThat(where(len -> len == b)).isNotEmpty();

        Metrics[] got = evaluator.byHistoryLength(ids, p, new int[] {0, a, b});
        int[][] expected = {
            where(len -> len < a),
            where(len -> len >= a && len < b), // holds the samples of length a, not those of length b
            where(len -> len >= b), // holds length b and the longest history, max
        };
        for (int k = 0; k < 3; k++) {
            assertThat(got[k]).as("bucket %d with edges {0, %d, %d}, max %d", k, a, b, max)
                    .isEqualTo(alone(expected[k]));
        }
        assertThat(got[0].samples() + got[1].samples() + got[2].samples()).isEqualTo(ids.length);

        // Moving the edge past a by one moves exactly a's samples down a bucket.
        Metrics[] shifted = evaluator.byHistoryLength(ids, p, new int[] {0, a + 1, b});
        int onA = where(len -> len == a).length;
        assertThat(shifted[0].samples()).isEqualTo(got[0].samples() + onA);
        assertThat(shifted[1].samples()).isEqualTo(got[1].samples() - onA);

        // A last edge at the longest history still holds it.
        Metrics[] top = evaluator.byHistoryLength(ids, p, new int[] {0, max});
        assertThat(top[1]).isEqualTo(alone(where(len -> len == max)));
    }
}
