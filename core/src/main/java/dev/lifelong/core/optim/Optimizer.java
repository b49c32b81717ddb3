package dev.lifelong.core.optim;

import dev.lifelong.core.param.DenseParameter;
import dev.lifelong.core.param.EmbeddingTable;
import dev.lifelong.core.param.SparseRowGradient;

/**
 * Applies one step of an update rule to one parameter. Dense parameters are updated in full; embedding tables
 * only on the rows in their sparse gradient ("lazy" updates: a row's state moves only when the row is touched).
 * The global-norm clipping factor arrives as {@code gradScale}, computed once over all parameters by
 * {@link ParameterUpdater}.
 */
public sealed interface Optimizer permits Sgd, Adam, Adagrad {

    /** {@code step} counts from 1 and is shared by all parameters (Adam's bias correction uses it). */
    void updateDense(DenseParameter p, float[] grad, float gradScale, long step);

    /**
     * Updates the rows in slots {@code [from, to)} of {@code grad}. Distinct slots hold distinct rows, so disjoint
     * ranges may be updated at the same time.
     */
    void updateRows(EmbeddingTable t, SparseRowGradient grad, int from, int to, float gradScale, long step);

    /** Per-parameter state arrays (moments, accumulators) to checkpoint, in a fixed order; empty for SGD. */
    float[][] state(dev.lifelong.core.param.Parameter p);
}
