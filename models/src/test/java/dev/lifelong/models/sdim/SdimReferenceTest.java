package dev.lifelong.models.sdim;

import static dev.lifelong.models.frame.SyntheticWorlds.behaviourVector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lifelong.data.batch.BehaviourSequences;
import dev.lifelong.data.batch.CandidateAssembler;
import dev.lifelong.data.batch.History;
import dev.lifelong.data.batch.SampleBatch;
import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.models.frame.CtrModel;
import dev.lifelong.models.frame.ModelConfig;
import dev.lifelong.models.frame.ModelRegistry;
import dev.lifelong.models.frame.Targets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SDIM's long interest against MODELS.md's formula computed by hand, in double, from the unit's fixed hash
 * vectors (its saved state, {@code [2 dim, m]}: hash vector j is column j): bit j of a vector e is
 * {@code e . R_j > 0}; signature s is bits {@code s tau .. s tau + tau - 1}; behaviour i collides with the target
 * in s when all tau bits agree; the interest for s is the l2-normalised sum of the colliding behaviour vectors
 * (zero if none); the long interest is the mean over the S signatures. Row by row, with no grouping of
 * repeated behaviours, over random histories (some returning to a few items), at the default shape, at one bit
 * a signature, at many bits (signatures that collide with nothing), and past 64 signatures.
 */
class SdimReferenceTest {

    @TempDir
    static Path dir;
    static Dataset data;

    @BeforeAll
    static void generate() throws Exception {
        data = dev.lifelong.models.frame.SyntheticWorlds.generate(dir, 30, 200, 8, 150, 600);
    }

    private static CtrModel sdim(int tau, int groups) {
        ModelConfig c = new ModelConfig(4, 120, 6, 2, new int[] {8}, 16, 5, 100, 3, tau, groups, 7, null);
        return ModelRegistry.create("sdim", c, data.items().size(), data.categories().size());
    }

    /** The reference's hash bits in double; a projection this close to zero would be a coin toss in float. */
    private static final double AMBIGUOUS = 1e-6;

    /** Sign bits of {@code e . R_j} for j < m; fails on a projection within float error of zero. */
    private static boolean[] bits(double[] e, float[] hash, int m) {
        boolean[] out = new boolean[m];
        for (int j = 0; j < m; j++) {
            double x = 0;
            double size = 0;
            for (int c = 0; c < e.length; c++) {
                x += e[c] * hash[c * m + j];
                size += Math.abs(e[c] * hash[c * m + j]);
            }
            assertThat(Math.abs(x)).as("projection %d too close to zero for the reference", j)
                    .isGreaterThan(AMBIGUOUS * size);
            out[j] = x > 0;
        }
        return out;
    }

    /** What the reference saw: the long interest, and how many signatures had no colliding behaviour. */
    private record Reference(double[] interest, int empty) {
    }

    /** MODELS.md's long interest of sample b for its target, behaviour by behaviour. */
    private static Reference reference(CtrModel m, float[] hash, int tau, int groups, BehaviourSequences seq,
                                       int b, int item, int category) {
        int width = m.embeddings().width();
        int bitsPerVector = tau * groups;
        boolean[] target = bits(behaviourVector(m, item, category), hash, bitsPerVector);
        double[][] sums = new double[groups][width];
        boolean[] any = new boolean[groups];
        for (int r = seq.start(b); r < seq.start(b + 1); r++) {
            double[] e = behaviourVector(m, seq.items()[r], seq.categories()[r]);
            boolean[] x = bits(e, hash, bitsPerVector);
            for (int s = 0; s < groups; s++) {
                boolean collides = true;
                for (int t = 0; t < tau; t++) {
                    collides &= x[s * tau + t] == target[s * tau + t];
                }
                if (collides) {
                    any[s] = true;
                    for (int c = 0; c < width; c++) {
                        sums[s][c] += e[c];
                    }
                }
            }
        }
        double[] interest = new double[width];
        int empty = 0;
        for (int s = 0; s < groups; s++) {
            double norm = Math.sqrt(Arrays.stream(sums[s]).map(v -> v * v).sum());
            if (!any[s] || norm == 0) {
                empty++;
                continue;
            }
            for (int c = 0; c < width; c++) {
                interest[c] += sums[s][c] / norm / groups;
            }
        }
        return new Reference(interest, empty);
    }

    /** A random history: from {@code pool} items when positive (repeats), else from the whole vocabulary. */
    private static History history(SplittableRandom rnd, int length, int pool) {
        History h = new History();
        long time = 1_700_000_000L;
        int items = data.items().size() - 1;
        int categories = data.categories().size() - 1;
        int[] few = IntStream.range(0, Math.max(pool, 1)).map(i -> 1 + rnd.nextInt(items)).toArray();
        for (int i = 0; i < length; i++) {
            time += 1 + rnd.nextInt(10_000);
            int item = pool > 0 ? few[rnd.nextInt(pool)] : 1 + rnd.nextInt(items);
            h.add(item, 1 + (pool > 0 ? item % categories : rnd.nextInt(categories)), 1, Float.NaN, time);
        }
        return h;
    }

    @Test
    void longInterestIsTheMeanOfNormalisedCollisionSumsOverRandomHistories() {
        // {tau, S}: the default; one bit a signature; many bits (signatures colliding with nothing); S > 64.
        int[][] shapes = {{3, 16}, {1, 16}, {7, 8}, {2, 70}};
        for (int[] shape : shapes) {
            int tau = shape[0];
            int groups = shape[1];
            CtrModel m = sdim(tau, groups);
            SdimUnit unit = (SdimUnit) m.longUnit();
            float[] hash = unit.state().get("hash");
            int width = m.embeddings().width();
            assertThat(hash).hasSize(width * tau * groups);
            SplittableRandom rnd = new SplittableRandom(tau * 100L + groups);
            Object ws = unit.newWorkspace();
            int compared = 0;
            int emptySignatures = 0;
            int collided = 0;
            for (int round = 0; round < 12; round++) {
                History h = history(rnd, round % 4 == 3 ? 0 : 1 + rnd.nextInt(120), round % 2 == 0 ? 6 : 0);
                // Targets: some of the history's own behaviours (they collide everywhere), some from anywhere.
                int n = 6;
                int[] items = new int[n];
                int[] cats = new int[n];
                for (int t = 0; t < n; t++) {
                    if (t < 2 && h.length() > 0) {
                        int at = rnd.nextInt(h.length());
                        items[t] = h.item(at);
                        cats[t] = h.categories()[at];
                    } else {
                        items[t] = 1 + rnd.nextInt(data.items().size() - 1);
                        cats[t] = 1 + rnd.nextInt(data.categories().size() - 1);
                    }
                }
                long time = h.length() == 0 ? 1_700_000_000L : h.time(h.length() - 1) + 60;
                SampleBatch batch = new CandidateAssembler(120, 6).assemble(h, 120, items, cats, 0, n, time,
                        new SampleBatch());
                float[] q = new float[n * width];
                m.embeddings().gather(items, cats, n, q);
                float[] out = new float[n * width];
                Arrays.fill(out, Float.NaN);
                unit.forward(new Targets(q, items, cats, n), batch.longSequence(), out, ws, false);
                for (int b = 0; b < n; b++) {
                    Reference ref = reference(m, hash, tau, groups, batch.longSequence(), b, items[b], cats[b]);
                    float[] got = Arrays.copyOfRange(out, b * width, (b + 1) * width);
                    assertThat(got).as("tau %d, S %d, round %d, target %d", tau, groups, round, b)
                            .doesNotContain(Float.NaN);
                    for (int c = 0; c < width; c++) {
                        assertThat((double) got[c]).as("tau %d, S %d, round %d, target %d, component %d", tau,
                                groups, round, b, c).isCloseTo(ref.interest()[c], within(1e-5));
                    }
                    compared++;
                    emptySignatures += ref.empty();
                    collided += groups - ref.empty();
                }
            }
            assertThat(compared).isEqualTo(72);
            assertThat(collided).as("signatures with a colliding behaviour").isGreaterThan(100);
            assertThat(emptySignatures).as("signatures with none").isPositive();
        }
    }

    /** The long interest over training batches (histories from the dataset), at the default shape. */
    @Test
    void longInterestOfTrainingBatchesIsTheFormulas() {
        CtrModel m = sdim(3, 16);
        SdimUnit unit = (SdimUnit) m.longUnit();
        float[] hash = unit.state().get("hash");
        int width = m.embeddings().width();
        CtrModel.Shard sh = m.newShard();
        int[] ids = IntStream.range(0, 40).map(i -> (i * 31) % data.samples().size()).toArray();
        SampleBatch b = m.assembler(data).assemble(ids, 0, ids.length, sh.batch);
        float[] q = new float[ids.length * width];
        m.embeddings().gather(b.items(), b.categories(), ids.length, q);
        float[] out = new float[ids.length * width];
        unit.forward(new Targets(q, b.items(), b.categories(), ids.length), b.longSequence(), out,
                unit.newWorkspace(), false);
        for (int s = 0; s < ids.length; s++) {
            Reference ref = reference(m, hash, 3, 16, b.longSequence(), s, b.items()[s], b.categories()[s]);
            for (int c = 0; c < width; c++) {
                assertThat((double) out[s * width + c]).as("sample %d, component %d", s, c)
                        .isCloseTo(ref.interest()[c], within(1e-5));
            }
        }
    }
}
