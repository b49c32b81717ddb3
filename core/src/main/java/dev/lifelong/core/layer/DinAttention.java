package dev.lifelong.core.layer;

import dev.lifelong.core.kernel.FloatKernels;
import dev.lifelong.core.kernel.Kernels;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.ParameterSet;

/**
 * DIN's local activation unit (Zhou et al., KDD 2018, sec. 4.3): the weight of behaviour e_i for target q is
 * an MLP of {@code [e_i ; q ; e_i - q ; e_i * q]} (the difference/product form common in practice; the paper
 * draws an outer product), used <em>without</em> softmax so that the sum keeps the intensity of the interest:
 * {@code out_b = sum_i w_i e_i}. Masked rows weigh 0. The MLP runs once over all rows of the batch.
 */
public final class DinAttention {

    private static final FloatKernels K = Kernels.get();

    private final int dim;
    private final Mlp unit;

    /**
     * @param dim    width of behaviour and target vectors (they must match)
     * @param hidden hidden layer widths of the activation unit, e.g. {36} or {80, 40}
     */
    public DinAttention(ParameterSet params, String name, int dim, int[] hidden, Activation.Kind activation) {
        this.dim = dim;
        int[] dims = new int[hidden.length + 2];
        dims[0] = 4 * dim;
        System.arraycopy(hidden, 0, dims, 1, hidden.length);
        dims[dims.length - 1] = 1;
        this.unit = new Mlp(params, name + ".unit", dims, activation);
    }

    public Mlp unit() {
        return unit;
    }

    /** Per-worker activations of one pass. */
    public final class Workspace {
        final Mlp.Workspace mlp = unit.newWorkspace();
        float[] features;
        float[] weights;
        float[] dWeights;
        float[] dFeatures;

        /** The activation unit's workspace, for Dice running statistics. */
        public Mlp.Workspace mlp() {
            return mlp;
        }
    }

    public Workspace newWorkspace() {
        return new Workspace();
    }

    /** The weight given to absolute row {@code row} in the last forward pass on {@code ws}. */
    public float weight(Workspace ws, JaggedRows seq, int row) {
        return ws.weights[row - seq.start(0)];
    }

    /** {@code out[B, dim] = sum_i w_i e_i} per sample. */
    public void forward(float[] query, JaggedRows seq, float[] out, Workspace ws, boolean training) {
        if (seq.dim() != dim) {
            throw new IllegalArgumentException("sequence rows have " + seq.dim() + " floats, DIN expects " + dim);
        }
        int first = seq.start(0);
        int rows = seq.endRow() - first;
        int w4 = 4 * dim;
        float[] s = seq.values();
        ws.features = Scratch.ensure(ws.features, rows * w4);
        ws.weights = Scratch.ensure(ws.weights, rows);
        float[] x = ws.features;
        for (int b = 0; b < seq.batch(); b++) {
            int qo = b * dim;
            for (int r = seq.start(b); r < seq.start(b + 1); r++) {
                int xo = (r - first) * w4;
                int so = r * dim;
                System.arraycopy(s, so, x, xo, dim);
                System.arraycopy(query, qo, x, xo + dim, dim);
                for (int c = 0; c < dim; c++) {
                    float e = s[so + c];
                    float q = query[qo + c];
                    x[xo + 2 * dim + c] = e - q;
                    x[xo + 3 * dim + c] = e * q;
                }
            }
        }
        float[] logits = unit.forward(x, rows, ws.mlp, training);
        boolean[] valid = seq.valid();
        java.util.Arrays.fill(out, 0, seq.batch() * dim, 0f);
        for (int b = 0; b < seq.batch(); b++) {
            for (int r = seq.start(b); r < seq.start(b + 1); r++) {
                float w = valid == null || valid[r] ? logits[r - first] : 0f;
                ws.weights[r - first] = w;
                K.axpy(w, s, r * dim, out, b * dim, dim);
            }
        }
    }

    /** Accumulates parameter gradients, {@code dQuery += dL/dq} and {@code dSeq += dL/dS} (either may be null). */
    public void backward(float[] query, JaggedRows seq, float[] dOut, float[] dQuery, float[] dSeq,
                         Workspace ws, Gradients grads) {
        int first = seq.start(0);
        int rows = seq.endRow() - first;
        int w4 = 4 * dim;
        float[] s = seq.values();
        boolean[] valid = seq.valid();
        ws.dWeights = Scratch.ensure(ws.dWeights, rows);
        ws.dFeatures = Scratch.zeroed(ws.dFeatures, rows * w4);
        for (int b = 0; b < seq.batch(); b++) {
            for (int r = seq.start(b); r < seq.start(b + 1); r++) {
                boolean on = valid == null || valid[r];
                ws.dWeights[r - first] = on ? K.dot(dOut, b * dim, s, r * dim, dim) : 0f;
                if (dSeq != null) {
                    K.axpy(ws.weights[r - first], dOut, b * dim, dSeq, r * dim, dim);
                }
            }
        }
        unit.backward(ws.features, ws.dWeights, rows, ws.dFeatures, ws.mlp, grads);
        float[] dx = ws.dFeatures;
        for (int b = 0; b < seq.batch(); b++) {
            int qo = b * dim;
            for (int r = seq.start(b); r < seq.start(b + 1); r++) {
                int xo = (r - first) * w4;
                int so = r * dim;
                for (int c = 0; c < dim; c++) {
                    float dDiff = dx[xo + 2 * dim + c];
                    float dProd = dx[xo + 3 * dim + c];
                    if (dSeq != null) {
                        dSeq[so + c] += dx[xo + c] + dDiff + dProd * query[qo + c];
                    }
                    if (dQuery != null) {
                        dQuery[qo + c] += dx[xo + dim + c] - dDiff + dProd * s[so + c];
                    }
                }
            }
        }
    }
}
