package dev.lifelong.models.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lifelong.core.layer.Linear;
import dev.lifelong.core.layer.TargetAttention;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The candidate side of serving: the per-item table gives the bits the per-candidate computation gives, and
 * the split, folded first layer computes what the MLP's first layer computes on the concatenated input.
 */
class CandidateSideTest {

    private static final ModelConfig TINY = new ModelConfig(4, 40, 6, 2, new int[] {8}, 16, 5, 3);
    private static final int ITEMS = 50;
    private static final int CATEGORIES = 7;

    private static CtrModel model(String name) {
        CtrModel m = ModelRegistry.create(name, TINY.withSeed(3), ITEMS, CATEGORIES);
        // Biases start at zero; random ones make the test see whether the bias is added, and added once.
        SplittableRandom r = new SplittableRandom(11);
        float[] b = m.mlp().firstLayer().bias().values();
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextGaussian();
        }
        return m;
    }

    private static int[] usualCategories() {
        int[] c = new int[ITEMS];
        for (int i = 1; i < ITEMS; i++) {
            c[i] = 1 + i % (CATEGORIES - 1);
        }
        return c;
    }

    private static CandidateSide side(CtrModel m, boolean table) {
        TargetAttention longTa = m.longUnit().rowAttention();
        return new CandidateSide(m.embeddings(), m.shortUnit().rowAttention(), longTa, m.longUnit().outDim(),
                m.mlp(), usualCategories(), table);
    }

    @ParameterizedTest
    @ValueSource(strings = {"eta", "twin", "ta-full-long"})
    void theTableGivesTheBitsThePerCandidateComputationGives(String name) {
        CtrModel m = model(name);
        int n = 2 * ITEMS;
        int[] items = new int[n];
        int[] cats = new int[n];
        int[] usual = usualCategories();
        for (int i = 0; i < n; i++) {
            items[i] = i % ITEMS;
            // The second half comes with another category than usual: outside the table either way.
            cats[i] = i < ITEMS ? usual[items[i]] : 1 + (usual[items[i]] + 2) % (CATEGORIES - 1);
        }
        CandidateSide withTable = side(m, true);
        CandidateSide without = side(m, false);
        assertThat(withTable.tableBytes()).isPositive();
        assertThat(without.tableBytes()).isZero();
        int hidden = m.mlp().firstLayer().out();
        CandidateSide.Rows a = new CandidateSide.Rows();
        CandidateSide.Rows b = new CandidateSide.Rows();
        float[] preA = new float[n * hidden];
        float[] preB = new float[n * hidden];
        withTable.candidates(items, cats, n, a, preA);
        without.candidates(items, cats, n, b, preB);
        int sw = m.shortUnit().rowAttention().queryWidth();
        assertThat(java.util.Arrays.copyOf(a.shortQ, n * sw)).isEqualTo(java.util.Arrays.copyOf(b.shortQ, n * sw));
        if (m.longUnit().rowAttention() != null) {
            int lw = m.longUnit().rowAttention().queryWidth();
            assertThat(java.util.Arrays.copyOf(a.longQ, n * lw)).isEqualTo(java.util.Arrays.copyOf(b.longQ, n * lw));
        }
        assertThat(preA).isEqualTo(preB);
        assertThat(preA).isNotEqualTo(new float[n * hidden]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"eta", "twin"})
    void theFoldedFirstLayerComputesTheFirstLayerOfTheConcatenation(String name) {
        CtrModel m = model(name);
        TargetAttention shortTa = m.shortUnit().rowAttention();
        TargetAttention longTa = m.longUnit().rowAttention();
        int d = m.embeddings().width();
        int n = 9;
        int[] items = new int[n];
        int[] cats = new int[n];
        for (int i = 0; i < n; i++) {
            items[i] = 3 + 5 * i;
            cats[i] = usualCategories()[items[i]];
        }
        SplittableRandom r = new SplittableRandom(5);
        float[] shortPooled = gaussian(r, n * shortTa.queryWidth());
        // ETA's long unit pools heads that W^O projects; TWIN's hands its output over as it is.
        int longIn = longTa != null ? longTa.queryWidth() : m.longUnit().outDim();
        float[] longIn0 = gaussian(r, n * longIn);

        Linear first = m.mlp().firstLayer();
        int hidden = first.out();
        CandidateSide side = side(m, true);
        CandidateSide.Rows rows = new CandidateSide.Rows();
        float[] pre = new float[n * hidden];
        side.candidates(items, cats, n, rows, pre);
        side.addShort(shortPooled, n, pre);
        side.addLong(longIn0, n, pre);

        float[] shortOut = new float[n * shortTa.outDim()];
        shortTa.projectOutput(shortPooled, n, shortOut);
        float[] longOut = longIn0;
        if (longTa != null) {
            longOut = new float[n * longTa.outDim()];
            longTa.projectOutput(longIn0, n, longOut);
        }
        int so = shortTa.outDim();
        int lo = m.longUnit().outDim();
        int width = d + so + lo;
        float[] concat = new float[n * width];
        float[] q = new float[n * d];
        m.embeddings().gather(items, cats, n, q);
        for (int i = 0; i < n; i++) {
            System.arraycopy(q, i * d, concat, i * width, d);
            System.arraycopy(shortOut, i * so, concat, i * width + d, so);
            System.arraycopy(longOut, i * lo, concat, i * width + d + so, lo);
        }
        float[] expected = new float[n * hidden];
        first.forward(concat, 0, n, expected, 0);
        for (int i = 0; i < expected.length; i++) {
            assertThat(pre[i]).as("row %d unit %d", i / hidden, i % hidden).isCloseTo(expected[i], within(1e-5f));
        }
        float[] queries = new float[n * shortTa.queryWidth()];
        shortTa.projectQueries(q, n, queries);
        assertThat(java.util.Arrays.copyOf(rows.shortQ, queries.length)).isEqualTo(queries);
    }

    private static float[] gaussian(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }
}
