package dev.lifelong.core.optim;

import dev.lifelong.core.kernel.FloatKernels;
import dev.lifelong.core.kernel.Kernels;
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

    private static final FloatKernels K = Kernels.get();

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
        K.adamStep(p.values(), 0, s[0], s[1], 0, grad, 0, p.size(), coefficients(gradScale, step));
    }

    @Override
    public void updateRows(EmbeddingTable t, SparseRowGradient grad, int from, int to, float gradScale,
                           long step) {
        float[][] s = moments.of(t);
        int dim = t.dim();
        int[] rows = grad.rows();
        FloatKernels.AdamStep c = coefficients(gradScale, step);
        for (int r = from; r < to; r++) {
            int off = t.offset(rows[r]);
            K.adamStep(t.values(), off, s[0], s[1], off, grad.values(), r * dim, dim, c);
        }
    }

    private FloatKernels.AdamStep coefficients(float gradScale, long step) {
        float c1 = (float) (1 - Math.pow(beta1, step));
        float c2 = (float) (1 - Math.pow(beta2, step));
        return new FloatKernels.AdamStep(beta1, beta2, eps, lr / c1, (float) Math.sqrt(c2), gradScale, reg.l2(),
                lr * reg.weightDecay());
    }

    @Override
    public float[][] state(Parameter p) {
        return moments.of(p);
    }
}
