package dev.lifelong.core.param;

import dev.lifelong.core.kernel.FloatKernels;
import dev.lifelong.core.kernel.Kernels;
import java.util.Arrays;

/**
 * One shard's gradient buffer for every parameter of a {@link ParameterSet}: a dense array per
 * {@link DenseParameter} and a {@link SparseRowGradient} per {@link EmbeddingTable}. Each worker writes only to
 * its own buffer; buffers are then summed in shard order ({@link #addFrom}), which makes training independent
 * of thread timing and of the number of threads.
 */
public final class Gradients {

    private static final FloatKernels K = Kernels.get();
    /** Floats per partial sum of a dense gradient's norm: short enough to keep float rounding small. */
    private static final int NORM_CHUNK = 256;

    private final ParameterSet parameters;
    private final float[][] dense;
    private final SparseRowGradient[] sparse;

    Gradients(ParameterSet parameters) {
        this.parameters = parameters;
        int n = parameters.size();
        this.dense = new float[n][];
        this.sparse = new SparseRowGradient[n];
        for (Parameter p : parameters.all()) {
            if (p instanceof EmbeddingTable t) {
                sparse[p.index()] = new SparseRowGradient(t.dim());
            } else {
                dense[p.index()] = new float[p.size()];
            }
        }
    }

    public ParameterSet parameters() {
        return parameters;
    }

    /** The gradient of {@code p}, same layout as its values. */
    public float[] of(DenseParameter p) {
        return dense[p.index()];
    }

    /** The touched rows' gradient of {@code t}. */
    public SparseRowGradient of(EmbeddingTable t) {
        return sparse[t.index()];
    }

    /** Zeroes every gradient: dense ones in full, sparse ones in proportion to the rows touched. */
    public void clear() {
        for (float[] d : dense) {
            if (d != null) {
                Arrays.fill(d, 0f);
            }
        }
        for (SparseRowGradient s : sparse) {
            if (s != null) {
                s.clear();
            }
        }
    }

    /** {@code this += other}; both must belong to the same parameter set. */
    public void addFrom(Gradients other) {
        if (other.parameters != parameters) {
            throw new IllegalArgumentException("gradients of different parameter sets");
        }
        for (int i = 0; i < dense.length; i++) {
            if (dense[i] != null) {
                float[] d = dense[i];
                float[] o = other.dense[i];
                for (int j = 0; j < d.length; j++) {
                    d[j] += o[j];
                }
            } else {
                sparse[i].addFrom(other.sparse[i]);
            }
        }
    }

    /**
     * Squared L2 norm over all dense entries and all touched sparse rows: float dot products over chunks (rows,
     * for tables), summed in double in a fixed order, so it is fast and still deterministic.
     */
    public double squaredNorm() {
        double s = 0;
        for (int i = 0; i < dense.length; i++) {
            if (dense[i] != null) {
                float[] d = dense[i];
                for (int from = 0; from < d.length; from += NORM_CHUNK) {
                    int n = Math.min(NORM_CHUNK, d.length - from);
                    s += K.dot(d, from, d, from, n);
                }
            } else {
                SparseRowGradient g = sparse[i];
                float[] v = g.values();
                int dim = g.dim();
                for (int r = 0; r < g.rowCount(); r++) {
                    s += K.dot(v, r * dim, v, r * dim, dim);
                }
            }
        }
        return s;
    }
}
