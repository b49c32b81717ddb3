package dev.lifelong.core.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifelong.core.gradcheck.GradientCheck;
import dev.lifelong.core.gradcheck.GradientCheck.Input;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.ParameterSet;
import dev.lifelong.core.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gradient checks of the sequence units over jagged batches with empty, length-1 and masked sequences. */
class SequenceUnitsGradientTest {

    /** Lengths 3, 0 (empty), 1, 5 (partly masked), 2 (fully masked). */
    private static final int[] LENGTHS = {3, 0, 1, 5, 2};

    private static boolean[] mask(int[] offsets) {
        boolean[] valid = new boolean[offsets[offsets.length - 1]];
        java.util.Arrays.fill(valid, true);
        valid[offsets[3] + 1] = false;
        valid[offsets[3] + 4] = false;
        valid[offsets[4]] = false;
        valid[offsets[4] + 1] = false;
        return valid;
    }

    @Test
    void meanPooling() {
        Rng rng = new Rng(11);
        int dim = 4;
        int[] off = Fixtures.offsets(LENGTHS);
        int batch = LENGTHS.length;
        float[] s = Fixtures.uniform(rng, off[batch] * dim, 1);
        float[] ds = new float[s.length];
        float[] r = Fixtures.uniform(rng, batch * dim, 1);
        float[] out = new float[batch * dim];
        ParameterSet ps = new ParameterSet(0);
        GradientCheck.Objective obj = new GradientCheck.Objective() {
            @Override
            public double loss() {
                MeanPooling.forward(s, dim, off, batch, out);
                return Fixtures.project(out, r, out.length);
            }

            @Override
            public void backward(Gradients g) {
                MeanPooling.forward(s, dim, off, batch, out);
                MeanPooling.backward(r, dim, off, batch, ds);
            }
        };
        GradientCheck.check(ps, obj, List.of(new Input("seq", s, ds)), GradientCheck.Options.DEFAULT).assertPassed();
        obj.loss();
        for (int c = 0; c < dim; c++) {
            assertThat(out[dim + c]).isZero();
        }
    }

    @Test
    void targetAttentionSingleAndMultiHead() {
        for (int heads : new int[] {1, 4}) {
            for (boolean masked : new boolean[] {false, true}) {
                checkAttention(heads, masked);
            }
        }
    }

    private void checkAttention(int heads, boolean masked) {
        ParameterSet ps = new ParameterSet(21 + heads);
        int dq = 5;
        int d = 6;
        int outDim = 7;
        TargetAttention ta = new TargetAttention(ps, "ta", dq, d, heads, 3, outDim);
        Rng rng = new Rng(heads * 2L + (masked ? 1 : 0));
        int[] off = Fixtures.offsets(LENGTHS);
        int batch = LENGTHS.length;
        float[] q = Fixtures.uniform(rng, batch * dq, 1.5);
        float[] dQuery = new float[q.length];
        float[] s = Fixtures.uniform(rng, off[batch] * d, 1.5);
        float[] dSeq = new float[s.length];
        JaggedRows seq = new JaggedRows(s, d, off, batch, masked ? mask(off) : null);
        float[] r = Fixtures.uniform(rng, batch * outDim, 1);
        float[] out = new float[batch * outDim];
        TargetAttention.Workspace ws = ta.newWorkspace();
        GradientCheck.Objective obj = new GradientCheck.Objective() {
            @Override
            public double loss() {
                ta.forward(q, seq, out, ws);
                return Fixtures.project(out, r, out.length);
            }

            @Override
            public void backward(Gradients g) {
                ta.forward(q, seq, out, ws);
                ta.backward(q, seq, r, dQuery, dSeq, ws, g);
            }
        };
        GradientCheck.Result res = GradientCheck.check(ps, obj,
                List.of(new Input("query", q, dQuery), new Input("seq", s, dSeq)), GradientCheck.Options.DEFAULT);
        res.assertPassed();
        // The empty sequence (sample 1) and, when masked, the fully masked one (sample 4) give zeros, and pass
        // no gradient back to their queries.
        java.util.Arrays.fill(dQuery, 0f);
        obj.backward(ps.newGradients());
        for (int c = 0; c < dq; c++) {
            assertThat(dQuery[dq + c]).isZero();
            if (masked) {
                assertThat(dQuery[4 * dq + c]).isZero();
            }
        }
        for (int c = 0; c < outDim; c++) {
            assertThat(out[outDim + c]).isZero();
            if (masked) {
                assertThat(out[4 * outDim + c]).isZero();
            }
        }
        if (masked) {
            for (int c = 0; c < d; c++) {
                assertThat(dSeq[(off[3] + 1) * d + c]).isZero();
                assertThat(dSeq[off[4] * d + c]).isZero();
            }
        }
    }

    @Test
    void dinActivationUnit() {
        for (Activation.Kind kind : new Activation.Kind[] {Activation.Kind.PRELU, Activation.Kind.DICE}) {
            ParameterSet ps = new ParameterSet(31);
            int d = 4;
            DinAttention din = new DinAttention(ps, "din", d, new int[] {6}, kind);
            Rng rng = new Rng(32);
            int[] off = Fixtures.offsets(LENGTHS);
            int batch = LENGTHS.length;
            float[] q = Fixtures.uniform(rng, batch * d, 1);
            float[] dQuery = new float[q.length];
            float[] s = Fixtures.uniform(rng, off[batch] * d, 1);
            float[] dSeq = new float[s.length];
            JaggedRows seq = new JaggedRows(s, d, off, batch, mask(off));
            float[] r = Fixtures.uniform(rng, batch * d, 1);
            float[] out = new float[batch * d];
            DinAttention.Workspace ws = din.newWorkspace();
            GradientCheck.Objective obj = new GradientCheck.Objective() {
                @Override
                public double loss() {
                    din.forward(q, seq, out, ws, true);
                    return Fixtures.project(out, r, out.length);
                }

                @Override
                public void backward(Gradients g) {
                    din.forward(q, seq, out, ws, true);
                    din.backward(q, seq, r, dQuery, dSeq, ws, g);
                }
            };
            GradientCheck.check(ps, obj, List.of(new Input("query", q, dQuery), new Input("seq", s, dSeq)),
                    GradientCheck.Options.DEFAULT).assertPassed();
            obj.loss();
            for (int c = 0; c < d; c++) {
                assertThat(out[d + c]).isZero();
                assertThat(out[4 * d + c]).isZero();
            }
        }
    }

    @Test
    void bceLoss() {
        Rng rng = new Rng(41);
        int n = 9;
        float[] z = Fixtures.uniform(rng, n, 4);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3 == 0 ? 1f : 0f;
        }
        float[] dz = new float[n];
        GradientCheck.Objective obj = new GradientCheck.Objective() {
            @Override
            public double loss() {
                return BceLoss.forward(z, y, n, n, null);
            }

            @Override
            public void backward(Gradients g) {
                BceLoss.forward(z, y, n, n, dz);
            }
        };
        GradientCheck.check(new ParameterSet(0), obj, List.of(new Input("logits", z, dz)),
                GradientCheck.Options.DEFAULT).assertPassed();
    }
}
