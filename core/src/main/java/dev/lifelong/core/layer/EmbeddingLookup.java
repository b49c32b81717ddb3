package dev.lifelong.core.layer;

import dev.lifelong.core.param.EmbeddingTable;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.SparseRowGradient;

/**
 * Gathers embedding rows for a list of ids into a dense {@code [n, dim]} block (a row stride lets several
 * features' embeddings be concatenated side by side), and scatters the gradient back into the table's
 * {@link SparseRowGradient}, one slot per distinct row. Id 0 gathers the zero padding row and its gradient
 * is dropped.
 */
public final class EmbeddingLookup {

    private EmbeddingLookup() {
    }

    /**
     * {@code out[i * stride + column .. + dim) = table[ids[i]]} for {@code i < n}.
     *
     * @throws IllegalArgumentException naming the position of an id outside the table
     */
    public static void forward(EmbeddingTable table, int[] ids, int n, float[] out, int stride, int column) {
        int dim = table.dim();
        float[] w = table.values();
        for (int i = 0; i < n; i++) {
            int id = ids[i];
            if (id < 0 || id >= table.rows()) {
                throw new IllegalArgumentException("id " + id + " at position " + i + " is outside "
                        + table.name() + " (rows 0.." + (table.rows() - 1) + ")");
            }
            System.arraycopy(w, id * dim, out, i * stride + column, dim);
        }
    }

    /** {@code grad(table[ids[i]]) += dOut[i * stride + column .. + dim)}. */
    public static void backward(EmbeddingTable table, int[] ids, int n, float[] dOut, int stride, int column,
                                Gradients grads) {
        SparseRowGradient g = grads.of(table);
        for (int i = 0; i < n; i++) {
            g.accumulate(ids[i], dOut, i * stride + column, 1f);
        }
    }
}
