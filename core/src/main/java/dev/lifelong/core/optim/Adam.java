package dev.lifelong.core.optim;

import dev.lifelong.core.param.DenseParameter;
import dev.lifelong.core.param.EmbeddingTable;
import dev.lifelong.core.param.Parameter;
import dev.lifelong.core.param.SparseRowGradient;

/**
 * Adam (Kingma and Ba, 2015) with bias correction. On embedding tables it is <em>lazy</em>, as TensorFlow's
 * LazyAdam: only touched rows update their moments and values, and the bias correction uses the global step.
 * This differs from dense Adam, whose untouched rows keep moving on decaying momentum; for sparse features
 * the lazy form is the usual choice, and its cost follows the touched rows rather than the table size.
 */
public final class Adam implements Optimizer {

    private final float lr;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final Regularization reg;
    private final StateArrays moments = new StateArrays(2, 0f);

    public Adam(float lr, float beta1, float beta2, float eps, Regularization reg) {
        if (!(lr > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0)) {
            throw new IllegalArgumentException("Adam needs lr > 0, 0 <= beta1, beta2 < 1 and eps > 0; got lr=" + lr
                    + " beta1=" + beta1 + " beta2=" + beta2 + " eps=" + eps);
        }
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.reg = reg;
    }

    /** Adam with the customary defaults (beta1 0.9, beta2 0.999, eps 1e-8) and no penalty. */
    public Adam(float lr) {
        this(lr, 0.9f, 0.999f, 1e-8f, Regularization.NONE);
    }

    @Override
    public void updateDense(DenseParameter p, float[] grad, float gradScale, long step) {
        float[][] s = moments.of(p);
        update(p.values(), 0, s[0], s[1], 0, grad, 0, p.size(), gradScale, step);
    }

    @Override
    public void updateRows(EmbeddingTable t, SparseRowGradient grad, float gradScale, long step) {
        float[][] s = moments.of(t);
        int dim = t.dim();
        int[] rows = grad.rows();
        for (int r = 0; r < grad.rowCount(); r++) {
            int off = t.offset(rows[r]);
            update(t.values(), off, s[0], s[1], off, grad.values(), r * dim, dim, gradScale, step);
        }
    }

    private void update(float[] w, int wo, float[] m, float[] v, int so, float[] g, int go, int n,
                        float gradScale, long step) {
        float c1 = (float) (1 - Math.pow(beta1, step));
        float c2 = (float) (1 - Math.pow(beta2, step));
        float stepSize = lr / c1;
        float sqrtC2 = (float) Math.sqrt(c2);
        for (int i = 0; i < n; i++) {
            float wi = w[wo + i];
            float gi = gradScale * g[go + i] + reg.l2() * wi;
            float mi = beta1 * m[so + i] + (1 - beta1) * gi;
            float vi = beta2 * v[so + i] + (1 - beta2) * gi * gi;
            m[so + i] = mi;
            v[so + i] = vi;
            w[wo + i] = wi - stepSize * mi / ((float) Math.sqrt(vi) / sqrtC2 + eps) - lr * reg.weightDecay() * wi;
        }
    }

    @Override
    public float[][] state(Parameter p) {
        return moments.of(p);
    }
}
