package dev.lifelong.core.layer;

import dev.lifelong.core.kernel.FloatKernels;
import dev.lifelong.core.kernel.Kernels;
import dev.lifelong.core.param.DenseParameter;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.ParameterSet;

/**
 * {@code y[rows, out] = x[rows, in] W[in, out] + b}. Holds only parameters: activations belong to the caller,
 * so one instance serves every worker. Backward accumulates into the input gradient, because a tensor that
 * feeds several units sums their gradients.
 */
public final class Linear {

    private static final FloatKernels K = Kernels.get();

    private final int in;
    private final int out;
    private final DenseParameter weight;
    private final DenseParameter bias;

    /** Registers {@code name.w} (Glorot) and, when {@code withBias}, {@code name.b} (zeros). */
    public Linear(ParameterSet params, String name, int in, int out, boolean withBias) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException(name + ": linear layer needs in, out >= 1, got " + in + ", " + out);
        }
        this.in = in;
        this.out = out;
        this.weight = params.glorot(name + ".w", in, out);
        this.bias = withBias ? params.constant(name + ".b", out, 0f) : null;
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }

    public DenseParameter weight() {
        return weight;
    }

    /** The bias, or null for a layer without one. */
    public DenseParameter bias() {
        return bias;
    }

    /** {@code y[yo..] = x[xo..] W + b} for {@code rows} contiguous rows. */
    public void forward(float[] x, int xo, int rows, float[] y, int yo) {
        K.gemm(rows, out, in, x, xo, in, weight.values(), 0, out, y, yo, out, false);
        if (bias != null) {
            float[] b = bias.values();
            for (int r = 0; r < rows; r++) {
                K.add(y, yo + r * out, b, 0, y, yo + r * out, out);
            }
        }
    }

    /**
     * Accumulates {@code dW += x^T dy}, {@code db += sum_rows dy} into {@code grads} and, when {@code dx} is not
     * null, {@code dx += dy W^T}.
     */
    public void backward(float[] x, int xo, float[] dy, int dyo, int rows, float[] dx, int dxo, Gradients grads) {
        K.gemmTN(in, out, rows, x, xo, in, dy, dyo, out, grads.of(weight), 0, out, true);
        if (bias != null) {
            float[] db = grads.of(bias);
            for (int r = 0; r < rows; r++) {
                K.add(db, 0, dy, dyo + r * out, db, 0, out);
            }
        }
        if (dx != null) {
            K.gemmNT(rows, in, out, dy, dyo, out, weight.values(), 0, out, dx, dxo, in, true);
        }
    }
}
