package dev.lifelong.models.sim;

import static dev.lifelong.models.frame.SyntheticWorlds.behaviourVector;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifelong.data.batch.BehaviourSequences;
import dev.lifelong.data.batch.CandidateAssembler;
import dev.lifelong.data.batch.History;
import dev.lifelong.data.batch.SampleBatch;
import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.models.frame.CtrModel;
import dev.lifelong.models.frame.ModelConfig;
import dev.lifelong.models.frame.ModelRegistry;
import dev.lifelong.models.frame.SequenceUnit;
import dev.lifelong.models.frame.Targets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIM's two search units against brute-force readings of MODELS.md ({@code sim-hard}, {@code sim-soft}), written
 * without the units' loops: hard search filters the sequence by the target's category and keeps the last k;
 * soft search scores every behaviour with {@code r_i = (W_b e_i) . (W_a q)} in double from the unit's parameters
 * (stored {@code [in, out]}, as every linear layer here: {@code W x} is {@code x W}), sorts by score, then
 * recency, and keeps the first k. Both over training batches and over hand-made histories (repeated items,
 * categories absent from the history, empty histories, a workspace reused from a larger batch).
 */
class SimSearchTest {

    @TempDir
    static Path dir;
    static Dataset data;

    @BeforeAll
    static void generate() throws Exception {
        data = dev.lifelong.models.frame.SyntheticWorlds.generate(dir, 30, 200, 8, 150, 600);
    }

    private static CtrModel model(String name, int gsu) {
        ModelConfig c = new ModelConfig(4, 120, 6, 2, new int[] {8}, 16, 5, gsu, 3, 3, 16, 7, null);
        return ModelRegistry.create(name, c, data.items().size(), data.categories().size());
    }

    private static int[] ids(int n) {
        return IntStream.range(0, n).map(i -> (i * 37) % data.samples().size()).toArray();
    }

    /** Scores the samples {@code ids} as one batch, without gradients; returns the batch. */
    private static SampleBatch forwardBatch(CtrModel m, CtrModel.Shard sh, int[] ids) {
        SampleBatch b = m.assembler(data).assemble(ids, 0, ids.length, sh.batch);
        m.run(sh, ids.length, false, false);
        return b;
    }

    /** The rows the search unit passed to the exact unit for sample b of the last forward pass. */
    private static int[] selected(Object workspace, int b) {
        TimeGapAttention.Workspace ws = workspace instanceof SimSoftUnit.Workspace soft ? soft.esu
                : (TimeGapAttention.Workspace) workspace;
        return ws.selectedRows(b);
    }

    // ---------------------------------------------------------------------------------------------- references

    /** sim-hard's GSU: positions (in the batch's arrays) of sample b's behaviours of {@code category}, last k. */
    private static int[] hardReference(BehaviourSequences seq, int b, int category, int k) {
        int[] same = IntStream.range(seq.start(b), seq.start(b + 1))
                .filter(r -> seq.categories()[r] == category).toArray();
        return Arrays.copyOfRange(same, Math.max(0, same.length - k), same.length);
    }

    /** sim-soft's search scores of sample b's behaviours, in double: {@code (e_i W_b) . (q W_a)}. */
    private static double[] softScores(CtrModel m, BehaviourSequences seq, int b, int item, int category) {
        int h = m.embeddings().width();
        float[] wa = m.parameters().get("long.simsoft.wa").values();
        float[] wb = m.parameters().get("long.simsoft.wb").values();
        double[] qa = project(behaviourVector(m, item, category), wa, h);
        double[] r = new double[seq.length(b)];
        for (int i = 0; i < r.length; i++) {
            int row = seq.start(b) + i;
            double[] eb = project(behaviourVector(m, seq.items()[row], seq.categories()[row]), wb, h);
            for (int j = 0; j < h; j++) {
                r[i] += eb[j] * qa[j];
            }
        }
        return r;
    }

    /** {@code x W} for {@code W [h, h]} row-major. */
    private static double[] project(double[] x, float[] w, int h) {
        double[] y = new double[h];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < h; j++) {
                y[j] += x[i] * w[i * h + j];
            }
        }
        return y;
    }

    /** Positions (within the sample) ranked by score, highest first, the more recent first on ties. */
    private static Integer[] ranked(double[] r) {
        Integer[] order = IntStream.range(0, r.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -r[i]).thenComparing(i -> -i));
        return order;
    }

    /** sim-soft's GSU: positions (in the batch's arrays) of sample b's top k by score, then recency. */
    private static int[] softReference(double[] r, int start, int k) {
        return Arrays.stream(ranked(r)).limit(k).mapToInt(i -> start + i).toArray();
    }

    /**
     * Whether the k-th and (k+1)-th scores are apart by less than float error without being equal (equal:
     * the same behaviour vector, scored alike by any order of operations): the reference in double cannot say
     * which one float arithmetic ranks higher.
     */
    private static boolean edgeWithinFloatError(double[] r, int k) {
        if (r.length <= k) {
            return false;
        }
        Integer[] order = ranked(r);
        double scale = Arrays.stream(r).map(Math::abs).max().orElse(0);
        double gap = r[order[k - 1]] - r[order[k]];
        return gap != 0 && gap < 1e-4 * scale;
    }

    /** Whether the k-th and (k+1)-th behaviours tie exactly: the tie rule decides which one is kept. */
    private static boolean edgeTies(double[] r, int k) {
        Integer[] order = ranked(r);
        return r.length > k && r[order[k - 1]] == r[order[k]];
    }

    // ------------------------------------------------------------------------------------------------ forward

    private record Forward(SampleBatch batch, Object ws, float[] out) {
    }

    /** The long unit's forward pass alone for {@code items}/{@code categories} against {@code h}, at {@code time}. */
    private static Forward forward(CtrModel m, History h, int[] items, int[] categories, long time, Object ws) {
        SequenceUnit unit = m.longUnit();
        SampleBatch batch = new CandidateAssembler(120, 6).assemble(h, 120, items, categories, 0, items.length, time,
                new SampleBatch());
        float[] q = new float[items.length * m.embeddings().width()];
        m.embeddings().gather(items, categories, items.length, q);
        float[] out = new float[items.length * unit.outDim()];
        Arrays.fill(out, Float.NaN);   // whatever the unit leaves unwritten shows
        unit.forward(new Targets(q, items, categories, items.length), batch.longSequence(), out, ws, false);
        return new Forward(batch, ws, out);
    }

    /** A random history over items [1, itemPool] and categories [1, categoryPool] (item ids drawn per category). */
    private static History history(SplittableRandom rnd, int length, int itemPool, int categoryPool, long time) {
        History h = new History();
        for (int i = 0; i < length; i++) {
            time += rnd.nextInt(3) * 1_000L;   // some behaviours share a second: log order decides
            h.add(1 + rnd.nextInt(itemPool), 1 + rnd.nextInt(categoryPool), 1, Float.NaN, time);
        }
        return h;
    }

    private static void assertZeroInterest(float[] out, int b, int width, String what) {
        float[] interest = Arrays.copyOfRange(out, b * width, (b + 1) * width);
        assertThat(interest).as(what).containsOnly(0f);
    }

    // --------------------------------------------------------------------------------------------------- hard

    @Test
    void hardSearchKeepsTheMostRecentBehavioursOfTheTargetsCategoryInTrainingBatches() {
        for (int gsu : new int[] {3, 100}) {
            CtrModel m = model("sim-hard", gsu);
            CtrModel.Shard sh = m.newShard();
            int[] ids = ids(40);
            SampleBatch b = forwardBatch(m, sh, ids);
            BehaviourSequences seq = b.longSequence();
            int cut = 0;
            int whole = 0;
            for (int s = 0; s < ids.length; s++) {
                assertThat(b.categories()[s]).isPositive();
                int[] expected = hardReference(seq, s, b.categories()[s], gsu);
                assertThat(selected(sh.longWorkspace(), s)).as("gsu %d, sample %d", gsu, s)
                        .doesNotHaveDuplicates().containsExactlyInAnyOrder(expected);
                int category = b.categories()[s];
                long same = IntStream.range(seq.start(s), seq.start(s + 1))
                        .filter(r -> seq.categories()[r] == category).count();
                cut += same > gsu ? 1 : 0;
                whole += same > 0 && same <= gsu ? 1 : 0;
            }
            // Both sides of the limit are exercised: more behaviours of the category than k, and fewer.
            if (gsu == 3) {
                assertThat(cut).as("samples with more than k of the category").isGreaterThan(20);
            } else {
                assertThat(whole).as("samples with at most k of the category").isGreaterThan(20);
            }
        }
    }

    @Test
    void hardSearchOverRandomHistoriesAndAnAbsentCategorySelectsNothingAndGivesZero() {
        SplittableRandom rnd = new SplittableRandom(11);
        CtrModel m = model("sim-hard", 4);
        int width = m.embeddings().width();
        Object ws = m.longUnit().newWorkspace();
        int categories = data.categories().size() - 1;   // real ids 1..categories
        for (int round = 0; round < 20; round++) {
            // The history uses categories 1..categories-1: the last one is absent.
            History h = history(rnd, 5 + rnd.nextInt(60), 30, categories - 1, 1_700_000_000L);
            int[] items = new int[categories];
            int[] cats = new int[categories];
            for (int c = 0; c < categories; c++) {
                items[c] = 1 + rnd.nextInt(data.items().size() - 1);
                cats[c] = c + 1;
            }
            Forward f = forward(m, h, items, cats, h.time(h.length() - 1) + 60, ws);
            BehaviourSequences seq = f.batch().longSequence();
            for (int b = 0; b < items.length; b++) {
                assertThat(selected(ws, b)).as("round %d, category %d", round, cats[b])
                        .doesNotHaveDuplicates().containsExactlyInAnyOrder(hardReference(seq, b, cats[b], 4));
                float[] interest = Arrays.copyOfRange(f.out(), b * width, (b + 1) * width);
                assertThat(interest).as("round %d, category %d", round, cats[b]).doesNotContain(Float.NaN);
            }
            int absent = categories - 1;
            assertThat(selected(ws, absent)).as("round %d: a category the history lacks", round).isEmpty();
            assertZeroInterest(f.out(), absent, width, "an absent category's long interest");
        }
        // An empty history: nothing to select for any target, zero interests.
        Forward f = forward(m, new History(), new int[] {1, 2}, new int[] {1, 2}, 1_700_000_000L, ws);
        for (int b = 0; b < 2; b++) {
            assertThat(selected(ws, b)).isEmpty();
            assertZeroInterest(f.out(), b, width, "an empty history's long interest");
        }
    }

    // --------------------------------------------------------------------------------------------------- soft

    @Test
    void softSearchKeepsTheTopKByHandComputedScoreInTrainingBatches() {
        for (int gsu : new int[] {5, 100}) {
            CtrModel m = model("sim-soft", gsu);
            CtrModel.Shard sh = m.newShard();
            int[] ids = ids(40);
            SampleBatch b = forwardBatch(m, sh, ids);
            BehaviourSequences seq = b.longSequence();
            int checked = 0;
            int ties = 0;
            for (int s = 0; s < ids.length; s++) {
                double[] r = softScores(m, seq, s, b.items()[s], b.categories()[s]);
                if (edgeWithinFloatError(r, gsu)) {
                    continue;
                }
                checked++;
                ties += edgeTies(r, gsu) ? 1 : 0;
                assertThat(selected(sh.longWorkspace(), s)).as("gsu %d, sample %d", gsu, s)
                        .doesNotHaveDuplicates().containsExactlyInAnyOrder(softReference(r, seq.start(s), gsu));
            }
            assertThat(checked).isGreaterThan(35);
            if (gsu == 5) {
                assertThat(ties).as("samples whose k-th place is a tie").isPositive();
            }
        }
    }

    /**
     * Histories returning to a few items, so many behaviours score alike and the k-th place is often a tie
     * (the more recent must win it); histories shorter than k (all of them selected); and a workspace that last
     * held a larger batch, whose stale scores and rows beyond each sample must never be selected.
     */
    @Test
    void softSearchBreaksTiesToTheMoreRecentAndTakesAShortHistoryWhole() {
        SplittableRandom rnd = new SplittableRandom(5);
        int k = 6;
        CtrModel m = model("sim-soft", k);
        int width = m.embeddings().width();
        Object ws = m.longUnit().newWorkspace();
        int ties = 0;
        int shorter = 0;
        for (int round = 0; round < 40; round++) {
            // Long histories first, then short ones, in the same workspace.
            int length = round < 20 ? 30 + rnd.nextInt(90) : 1 + rnd.nextInt(2 * k);
            History h = history(rnd, length, 5, 2, 1_700_000_000L);
            int n = round < 20 ? 8 : 3;
            int[] items = new int[n];
            int[] cats = new int[n];
            for (int b = 0; b < n; b++) {
                items[b] = 1 + rnd.nextInt(data.items().size() - 1);
                cats[b] = 1 + rnd.nextInt(data.categories().size() - 1);
            }
            Forward f = forward(m, h, items, cats, h.time(h.length() - 1) + 60, ws);
            BehaviourSequences seq = f.batch().longSequence();
            for (int b = 0; b < n; b++) {
                double[] r = softScores(m, seq, b, items[b], cats[b]);
                assertThat(edgeWithinFloatError(r, k)).as("round %d, target %d: a near tie", round, b).isFalse();
                ties += edgeTies(r, k) ? 1 : 0;
                shorter += seq.length(b) <= k ? 1 : 0;
                int[] expected = softReference(r, seq.start(b), k);
                assertThat(selected(ws, b)).as("round %d, target %d", round, b)
                        .doesNotHaveDuplicates().containsExactlyInAnyOrder(expected);
                if (seq.length(b) <= k) {
                    assertThat(selected(ws, b)).as("fewer than k: all")
                            .containsExactlyInAnyOrder(IntStream.range(seq.start(b), seq.start(b + 1)).toArray());
                }
                float[] interest = Arrays.copyOfRange(f.out(), b * width, (b + 1) * width);
                assertThat(interest).doesNotContain(Float.NaN);
            }
        }
        assertThat(ties).as("k-th places decided by the tie rule").isGreaterThan(50);
        assertThat(shorter).as("histories of at most k behaviours").isGreaterThan(20);
    }

    /**
     * A sequence whose every score is negative, shorter than k, next to a long one in the batch: were anything
     * past its end (another sample's rows, a stale or zero score) retrievable, it would outrank them. An empty
     * sequence selects nothing and its interest is zero, never NaN.
     */
    @Test
    void softSearchNeverRetrievesPastASequencesEnd() {
        int k = 5;
        CtrModel m = model("sim-soft", k);
        int width = m.embeddings().width();
        int dim = m.embeddings().dim();
        Object ws = m.longUnit().newWorkspace();
        int target = 1;
        int category = 1;
        // Three behaviours of items of their own (7, 8, 9), pushed so that r_i = -(i + 1) / 1000 * |w|.
        int[] own = {7, 8, 9};
        History h = new History();
        for (int i = 0; i < own.length; i++) {
            h.add(own[i], 2, 1, Float.NaN, 1_700_000_000L + i);
        }
        float[] wa = m.parameters().get("long.simsoft.wa").values();
        float[] wb = m.parameters().get("long.simsoft.wb").values();
        double[] qa = project(behaviourVector(m, target, category), wa, width);
        // r(e) = (e W_b) . (q W_a) = e . w, with w[i] = sum_j W_b[i, j] (q W_a)[j]
        double[] w = new double[width];
        for (int i = 0; i < width; i++) {
            for (int j = 0; j < width; j++) {
                w[i] += wb[i * width + j] * qa[j];
            }
        }
        double norm2 = 0;
        for (int c = 0; c < dim; c++) {
            norm2 += w[c] * w[c];
        }
        float[] itemValues = m.embeddings().items().values();
        for (int i = 0; i < own.length; i++) {
            double[] e = behaviourVector(m, own[i], 2);
            double r = 0;
            for (int c = 0; c < width; c++) {
                r += e[c] * w[c];
            }
            double want = -(i + 1) * 1e-3 * Math.sqrt(norm2);
            for (int c = 0; c < dim; c++) {
                itemValues[own[i] * dim + c] += (float) ((want - r) / norm2 * w[c]);
            }
        }
        // The batch: a long sequence's target, then the short negative one's.
        SplittableRandom rnd = new SplittableRandom(3);
        History longer = history(rnd, 80, 40, 5, 1_600_000_000L);
        Forward f0 = forward(m, longer, new int[] {target}, new int[] {category}, 1_700_000_000L, ws);
        assertThat(selected(ws, 0)).hasSize(k);
        Forward f = forward(m, h, new int[] {target, target}, new int[] {category, category},
                1_700_000_100L, ws);
        BehaviourSequences seq = f.batch().longSequence();
        double[] r = softScores(m, seq, 0, target, category);
        assertThat(Arrays.stream(r).max().orElseThrow()).as("every score negative").isNegative();
        for (int b = 0; b < 2; b++) {
            assertThat(selected(ws, b)).as("target %d", b)
                    .containsExactlyInAnyOrder(IntStream.range(seq.start(b), seq.start(b + 1)).toArray());
        }
        assertThat(f0.out()).doesNotContain(Float.NaN);
        Forward empty = forward(m, new History(), new int[] {target}, new int[] {category}, 1_700_000_200L, ws);
        assertThat(selected(ws, 0)).isEmpty();
        assertZeroInterest(empty.out(), 0, width, "an empty history's long interest");
    }
}
