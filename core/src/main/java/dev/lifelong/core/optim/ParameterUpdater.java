package dev.lifelong.core.optim;

import dev.lifelong.core.param.DenseParameter;
import dev.lifelong.core.param.EmbeddingTable;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.Parameter;
import dev.lifelong.core.param.ParameterSet;
import dev.lifelong.core.param.SparseRowGradient;

/**
 * One optimizer step over a whole {@link ParameterSet}: clips by the global gradient norm (dense entries and
 * touched embedding rows together), updates dense parameters with one optimizer and embedding tables with
 * another (the papers train embeddings with Adagrad and dense layers with Adam), then tells each table's
 * listeners which rows changed.
 */
public final class ParameterUpdater {

    private final ParameterSet parameters;
    private final Optimizer denseOptimizer;
    private final Optimizer embeddingOptimizer;
    private final float clipNorm;
    private long step;

    /**
     * @param clipNorm the largest global gradient L2 norm let through; {@code 0} or less disables clipping
     */
    public ParameterUpdater(ParameterSet parameters, Optimizer denseOptimizer, Optimizer embeddingOptimizer,
                            float clipNorm) {
        this.parameters = parameters;
        this.denseOptimizer = denseOptimizer;
        this.embeddingOptimizer = embeddingOptimizer;
        this.clipNorm = clipNorm;
    }

    /** Steps taken so far. */
    public long step() {
        return step;
    }

    /** Restores the step counter from a checkpoint. */
    public void setStep(long step) {
        this.step = step;
    }

    /** Applies {@code gradients} (already reduced over shards) and returns the global norm before clipping. */
    public double apply(Gradients gradients) {
        double norm = Math.sqrt(gradients.squaredNorm());
        float scale = clipNorm > 0 && norm > clipNorm ? (float) (clipNorm / norm) : 1f;
        step++;
        for (Parameter p : parameters.all()) {
            if (p instanceof EmbeddingTable t) {
                SparseRowGradient g = gradients.of(t);
                if (g.rowCount() > 0) {
                    embeddingOptimizer.updateRows(t, g, scale, step);
                }
            } else {
                DenseParameter d = (DenseParameter) p;
                denseOptimizer.updateDense(d, gradients.of(d), scale, step);
            }
        }
        for (Parameter p : parameters.all()) {
            if (p instanceof EmbeddingTable t) {
                SparseRowGradient g = gradients.of(t);
                if (g.rowCount() > 0) {
                    t.fireRowsUpdated(g.rows(), g.rowCount());
                }
            }
        }
        return norm;
    }
}
