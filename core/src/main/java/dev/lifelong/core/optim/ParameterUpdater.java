package dev.lifelong.core.optim;

import dev.lifelong.core.param.DenseParameter;
import dev.lifelong.core.param.EmbeddingTable;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.Parameter;
import dev.lifelong.core.param.ParameterSet;
import dev.lifelong.core.param.SparseRowGradient;
import dev.lifelong.core.parallel.ParallelTasks;
import java.util.ArrayList;
import java.util.List;

/**
 * One optimizer step over a whole {@link ParameterSet}: clips by the global gradient norm (dense entries and
 * touched embedding rows together), updates dense parameters with one optimizer and embedding tables with
 * another (the papers train embeddings with Adagrad and dense layers with Adam), and tells each table's
 * listeners which rows changed.
 */
public final class ParameterUpdater {

    /**
     * Touched rows per task: enough that a task outweighs handing it to a worker, few enough that a step's
     * rows (thousands, at a batch of 256) make several tasks for the workers to share.
     */
    private static final int ROWS_PER_TASK = 1024;

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

    /** Applies {@code gradients} (already reduced over shards) on this thread; returns the norm before clipping. */
    public double apply(Gradients gradients) {
        return apply(gradients, ParallelTasks.SEQUENTIAL);
    }

    /**
     * Applies {@code gradients} (already reduced over shards), spread over {@code workers}, and returns the global
     * norm before clipping; a gradient whose norm is not finite is refused ({@link ArithmeticException}), nothing
     * applied. Each embedding table's touched rows go in chunks, each chunk's listeners told right
     * after its rows changed; the dense parameters go as one task. Every row and every dense entry is updated by
     * the same arithmetic whoever runs it, so the result does not depend on the workers.
     */
    public double apply(Gradients gradients, ParallelTasks workers) {
        double norm = Math.sqrt(gradients.squaredNorm());
        // Clipping cannot tame a NaN or infinite norm (NaN > clip is false): the step would make parameters NaN.
        if (!Double.isFinite(norm)) {
            throw new ArithmeticException("the gradient's norm is " + norm + ": the step was not applied");
        }
        float scale = clipNorm > 0 && norm > clipNorm ? (float) (clipNorm / norm) : 1f;
        long now = ++step;
        List<Runnable> tasks = new ArrayList<>();
        List<DenseParameter> dense = new ArrayList<>();
        for (Parameter p : parameters.all()) {
            if (p instanceof EmbeddingTable t) {
                SparseRowGradient g = gradients.of(t);
                for (int from = 0; from < g.rowCount(); from += ROWS_PER_TASK) {
                    int first = from;
                    int count = Math.min(ROWS_PER_TASK, g.rowCount() - from);
                    tasks.add(() -> {
                        embeddingOptimizer.updateRows(t, g, first, first + count, scale, now);
                        t.fireRowsUpdated(g.rows(), first, count);
                    });
                }
            } else {
                dense.add((DenseParameter) p);
            }
        }
        tasks.add(() -> {
            for (DenseParameter d : dense) {
                denseOptimizer.updateDense(d, gradients.of(d), scale, now);
            }
        });
        workers.forEach(tasks.size(), i -> tasks.get(i).run());
        return norm;
    }
}
