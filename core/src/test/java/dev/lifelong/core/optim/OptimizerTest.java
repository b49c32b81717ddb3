package dev.lifelong.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lifelong.core.param.DenseParameter;
import dev.lifelong.core.param.EmbeddingTable;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.ParameterSet;
import dev.lifelong.core.parallel.ShardedBatchRunner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptimizerTest {

    @Test
    void sgdAppliesL2AndDecoupledDecay() {
        ParameterSet ps = new ParameterSet(1);
        DenseParameter w = ps.constant("w", 2, 2f);
        Gradients g = ps.newGradients();
        g.of(w)[0] = 1f;
        new ParameterUpdater(ps, new Sgd(0.1f, new Regularization(0.5f, 0.25f)), new Adagrad(0.1f), 0f).apply(g);
        // w - lr (g + l2 w) - lr wd w = 2 - 0.1 (1 + 1) - 0.1 * 0.5
        assertThat(w.values()[0]).isCloseTo(1.75f, within(1e-6f));
        assertThat(w.values()[1]).isCloseTo(2f - 0.1f - 0.05f, within(1e-6f));
    }

    @Test
    void denseAdamMatchesTheTextbookRule() {
        ParameterSet ps = new ParameterSet(1);
        DenseParameter w = ps.constant("w", 1, 1f);
        ParameterUpdater up = new ParameterUpdater(ps, new Adam(0.1f), new Adagrad(0.1f), 0f);
        double m = 0, v = 0, x = 1;
        float[] grads = {0.5f, -1.5f, 2f};
        for (int t = 1; t <= grads.length; t++) {
            Gradients g = ps.newGradients();
            g.of(w)[0] = grads[t - 1];
            up.apply(g);
            m = 0.9 * m + 0.1 * grads[t - 1];
            v = 0.999 * v + 0.001 * grads[t - 1] * grads[t - 1];
            x -= 0.1 * (m / (1 - Math.pow(0.9, t))) / (Math.sqrt(v / (1 - Math.pow(0.999, t))) + 1e-8);
            assertThat((double) w.values()[0]).isCloseTo(x, within(1e-5));
        }
    }

    @Test
    void sparseAdagradEqualsDenseAdagradAndLeavesUntouchedRowsAlone() {
        ParameterSet ps = new ParameterSet(7);
        EmbeddingTable t = ps.embedding("items", 50, 4, 0.1);
        float[] start = t.values().clone();
        ParameterUpdater up = new ParameterUpdater(ps, new Adam(0.01f), new Adagrad(0.05f), 0f);
        double[] acc = new double[t.size()];
        double[] ref = new double[t.size()];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = start[i];
        }
        int[][] touched = {{3, 7, 7, 11}, {7, 20}, {3, 49}};
        for (int[] rows : touched) {
            Gradients g = ps.newGradients();
            double[] dense = new double[t.size()];
            for (int k = 0; k < rows.length; k++) {
                float[] src = {0.1f * (k + 1), -0.2f, 0.3f, 0.05f * rows[k]};
                g.of(t).accumulate(rows[k], src, 0, 1f);
                for (int c = 0; c < 4; c++) {
                    dense[rows[k] * 4 + c] += src[c];
                }
            }
            up.apply(g);
            for (int i = 0; i < ref.length; i++) {
                acc[i] += dense[i] * dense[i];
                ref[i] -= acc[i] == 0 ? 0 : 0.05 * dense[i] / (Math.sqrt(acc[i]) + 1e-10);
            }
        }
        for (int i = 0; i < ref.length; i++) {
            assertThat((double) t.values()[i]).as("entry %d", i).isCloseTo(ref[i], within(1e-6));
        }
        for (int c = 0; c < 4; c++) {
            assertThat(t.values()[5 * 4 + c]).isEqualTo(start[5 * 4 + c]);
        }
    }

    @Test
    void lazyAdamUpdatesOnlyTouchedRowsAndTheirMoments() {
        ParameterSet ps = new ParameterSet(7);
        EmbeddingTable t = ps.embedding("items", 10, 2, 0.1);
        Adam adam = new Adam(0.1f);
        ParameterUpdater up = new ParameterUpdater(ps, new Sgd(0.1f, Regularization.NONE), adam, 0f);
        float[] start = t.values().clone();
        Gradients g = ps.newGradients();
        g.of(t).accumulate(4, new float[] {1f, -1f}, 0, 1f);
        up.apply(g);
        g.clear();
        g.of(t).accumulate(6, new float[] {2f, 2f}, 0, 1f);
        up.apply(g);
        // Row 4 was updated once, at step 1, and did not move at step 2 (its momentum is frozen, not decayed).
        assertThat(t.values()[8]).isCloseTo(start[8] - 0.1f, within(1e-5f));
        assertThat(adam.state(t)[0][8]).isCloseTo(0.1f, within(1e-7f));
        // Row 6 was first touched at step 2: the bias correction uses the global step.
        double m = 0.2, v = 0.004;
        double expected = start[12] - 0.1 * (m / (1 - 0.81)) / (Math.sqrt(v / (1 - 0.999 * 0.999)) + 1e-8);
        assertThat((double) t.values()[12]).isCloseTo(expected, within(1e-5));
        for (int row : new int[] {1, 2, 3, 5, 7, 8, 9}) {
            assertThat(t.values()[row * 2]).isEqualTo(start[row * 2]);
            assertThat(adam.state(t)[1][row * 2]).isZero();
        }
    }

    @Test
    void paddingRowStaysZeroAndListenersHearTheChangedRows() {
        ParameterSet ps = new ParameterSet(3);
        EmbeddingTable t = ps.embedding("items", 100, 3, 0.1);
        List<int[]> heard = new ArrayList<>();
        t.addListener((table, rows, from, count) -> heard.add(java.util.Arrays.copyOfRange(rows, from, from + count)));
        ParameterUpdater up = new ParameterUpdater(ps, new Adam(0.01f),
                new Adagrad(0.1f, 0f, 1e-10f, new Regularization(0.1f, 0.1f)), 0f);
        Gradients g = ps.newGradients();
        float[] grad = {1f, 1f, 1f};
        for (int row : new int[] {0, 42, 0, 17, 42}) {
            g.of(t).accumulate(row, grad, 0, 1f);
        }
        up.apply(g);
        assertThat(heard).hasSize(1);
        assertThat(heard.get(0)).containsExactly(42, 17);
        for (int c = 0; c < 3; c++) {
            assertThat(t.values()[c]).isZero();
        }
    }

    @Test
    void clippingScalesTheGlobalNormAcrossDenseAndSparse() {
        ParameterSet ps = new ParameterSet(3);
        DenseParameter w = ps.constant("w", 1, 0f);
        EmbeddingTable t = ps.embedding("items", 10, 1, 0.0);
        ParameterUpdater up = new ParameterUpdater(ps, new Sgd(1f, Regularization.NONE),
                new Sgd(1f, Regularization.NONE), 1f);
        Gradients g = ps.newGradients();
        g.of(w)[0] = 3f;
        g.of(t).accumulate(5, new float[] {4f}, 0, 1f);
        double norm = up.apply(g);
        assertThat(norm).isCloseTo(5.0, within(1e-9));
        assertThat(w.values()[0]).isCloseTo(-0.6f, within(1e-6f));
        assertThat(t.values()[5]).isCloseTo(-0.8f, within(1e-6f));
    }

    /** Clipping cannot tame a NaN norm: such a gradient is refused and nothing moves, the step count included. */
    @Test
    void aGradientWithANaNIsRefusedAndNothingIsApplied() {
        ParameterSet ps = new ParameterSet(3);
        DenseParameter w = ps.constant("w", 1, 0.5f);
        EmbeddingTable t = ps.embedding("items", 10, 1, 0.0);
        ParameterUpdater up = new ParameterUpdater(ps, new Adam(0.1f), new Adagrad(0.1f), 1f);
        Gradients g = ps.newGradients();
        g.of(w)[0] = Float.NaN;
        g.of(t).accumulate(5, new float[] {4f}, 0, 1f);
        assertThatThrownBy(() -> up.apply(g)).isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("norm is NaN");
        assertThat(w.values()[0]).isEqualTo(0.5f);
        assertThat(t.values()[5]).isEqualTo(0f);
        assertThat(up.step()).isZero();
    }

    @Test
    void badHyperParametersAreRejectedWithTheirValues() {
        assertThatThrownBy(() -> new Adam(0f)).hasMessageContaining("lr=0.0");
        assertThatThrownBy(() -> new Adagrad(-1f)).hasMessageContaining("lr=-1.0");
        assertThatThrownBy(() -> new Regularization(-0.1f, 0f)).hasMessageContaining("-0.1");
    }

    @Test
    void aStepSpreadOverWorkersEqualsTheSequentialStepAndReportsEveryRowOnce() {
        ParameterSet[] sets = {new ParameterSet(3), new ParameterSet(3)};
        EmbeddingTable[] tables = new EmbeddingTable[2];
        DenseParameter[] weights = new DenseParameter[2];
        List<Integer> reported = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int k = 0; k < 2; k++) {
            tables[k] = sets[k].embedding("items", 5000, 8, 0.1);
            weights[k] = sets[k].glorot("w", 16, 8);
        }
        tables[1].addListener((table, rows, from, count) -> {
            for (int i = from; i < from + count; i++) {
                reported.add(rows[i]);
            }
        });
        ParameterUpdater sequential = new ParameterUpdater(sets[0], new Adam(0.01f), new Adagrad(0.05f), 1f);
        ParameterUpdater spread = new ParameterUpdater(sets[1], new Adam(0.01f), new Adagrad(0.05f), 1f);
        java.util.Random rnd = new java.util.Random(5);
        try (ShardedBatchRunner workers = new ShardedBatchRunner(2)) {
            for (int step = 0; step < 3; step++) {
                Gradients[] g = {sets[0].newGradients(), sets[1].newGradients()};
                float[] row = new float[8];
                for (int r = 0; r < 3000; r++) {   // several tasks' worth of rows, some touched twice
                    int item = 1 + rnd.nextInt(4999);
                    for (int c = 0; c < 8; c++) {
                        row[c] = (float) rnd.nextGaussian();
                    }
                    g[0].of(tables[0]).accumulate(item, row, 0, 1f);
                    g[1].of(tables[1]).accumulate(item, row, 0, 1f);
                }
                for (int j = 0; j < 128; j++) {
                    g[0].of(weights[0])[j] = g[1].of(weights[1])[j] = (float) rnd.nextGaussian();
                }
                reported.clear();
                assertThat(spread.apply(g[1], workers)).isEqualTo(sequential.apply(g[0]));
                int[] touched = java.util.Arrays.copyOf(g[1].of(tables[1]).rows(), g[1].of(tables[1]).rowCount());
                assertThat(reported).containsExactlyInAnyOrder(java.util.Arrays.stream(touched).boxed()
                        .toArray(Integer[]::new));
                assertThat(tables[1].values()).containsExactly(tables[0].values());
                assertThat(weights[1].values()).containsExactly(weights[0].values());
            }
        }
    }
}
