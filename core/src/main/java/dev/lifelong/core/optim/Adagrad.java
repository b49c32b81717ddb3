package dev.lifelong.core.optim;

import dev.lifelong.core.kernel.FloatKernels;
import dev.lifelong.core.kernel.Kernels;
import dev.lifelong.core.param.DenseParameter;
import dev.lifelong.core.param.EmbeddingTable;
import dev.lifelong.core.param.Parameter;
import dev.lifelong.core.param.SparseRowGradient;

/**
 * Adagrad (Duchi et al., 2011): {@code acc += g^2; w -= lr * g / (sqrt(acc) + eps)}. On embedding tables only
 * touched rows are visited, which is exactly dense Adagrad when no penalty is set, since a zero gradient moves
 * neither the accumulator nor the value. With L2 or weight decay the penalty is applied to touched rows only.
 * TWIN trains its embeddings with Adagrad, lr 0.05.
 */
public final class Adagrad implements Optimizer {

    private static final FloatKernels K = Kernels.get();

    private final float lr;
    private final float eps;
    private final Regularization reg;
    private final StateArrays accumulators;

    public Adagrad(float lr, float initialAccumulator, float eps, Regularization reg) {
        if (!(lr > 0) || !(initialAccumulator >= 0) || !(eps > 0)) {
            throw new IllegalArgumentException("Adagrad needs lr > 0, initial accumulator >= 0 and eps > 0; got lr="
                    + lr + " initial=" + initialAccumulator + " eps=" + eps);
        }
        this.lr = lr;
        this.eps = eps;
        this.reg = reg;
        this.accumulators = new StateArrays(1, initialAccumulator);
    }

    /** Adagrad with a zero initial accumulator, eps 1e-10 and no penalty. */
    public Adagrad(float lr) {
        this(lr, 0f, 1e-10f, Regularization.NONE);
    }

    @Override
    public void updateDense(DenseParameter p, float[] grad, float gradScale, long step) {
        K.adagradStep(p.values(), 0, accumulators.of(p)[0], grad, 0, p.size(), coefficients(gradScale));
    }

    @Override
    public void updateRows(EmbeddingTable t, SparseRowGradient grad, int from, int to, float gradScale,
                           long step) {
        float[] acc = accumulators.of(t)[0];
        int dim = t.dim();
        int[] rows = grad.rows();
        FloatKernels.AdagradStep c = coefficients(gradScale);
        for (int r = from; r < to; r++) {
            K.adagradStep(t.values(), t.offset(rows[r]), acc, grad.values(), r * dim, dim, c);
        }
    }

    private FloatKernels.AdagradStep coefficients(float gradScale) {
        return new FloatKernels.AdagradStep(lr, eps, gradScale, reg.l2(), lr * reg.weightDecay());
    }

    @Override
    public float[][] state(Parameter p) {
        return accumulators.of(p);
    }
}
