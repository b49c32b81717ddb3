package dev.lifelong.core.optim;

import dev.lifelong.core.param.DenseParameter;
import dev.lifelong.core.param.EmbeddingTable;
import dev.lifelong.core.param.Parameter;
import dev.lifelong.core.param.SparseRowGradient;

/** Plain stochastic gradient descent: {@code w -= lr * (g + l2 * w) + lr * weightDecay * w}. */
public final class Sgd implements Optimizer {

    private final float lr;
    private final Regularization reg;

    public Sgd(float lr, Regularization reg) {
        if (!(lr > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + lr);
        }
        this.lr = lr;
        this.reg = reg;
    }

    @Override
    public void updateDense(DenseParameter p, float[] grad, float gradScale, long step) {
        update(p.values(), 0, grad, 0, p.size(), gradScale);
    }

    @Override
    public void updateRows(EmbeddingTable t, SparseRowGradient grad, int from, int to, float gradScale,
                           long step) {
        int dim = t.dim();
        int[] rows = grad.rows();
        for (int s = from; s < to; s++) {
            update(t.values(), t.offset(rows[s]), grad.values(), s * dim, dim, gradScale);
        }
    }

    private void update(float[] w, int wo, float[] g, int go, int n, float gradScale) {
        for (int i = 0; i < n; i++) {
            float wi = w[wo + i];
            float gi = gradScale * g[go + i] + reg.l2() * wi;
            w[wo + i] = wi - lr * gi - lr * reg.weightDecay() * wi;
        }
    }

    @Override
    public float[][] state(Parameter p) {
        return new float[0][];
    }
}
