package dev.lifelong.models.frame;

import dev.lifelong.core.layer.EmbeddingLookup;
import dev.lifelong.core.param.EmbeddingTable;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.ParameterSet;

/**
 * The item-side feature embeddings every model shares: a behaviour or target vector is
 * {@code [item embedding ; category embedding]}, {@code [2 * dim]}. Gathering copies rows into a dense block;
 * scattering adds a block's gradient back into the tables' sparse row gradients.
 */
public final class Embeddings {

    /** Embedding initialisation scale. */
    public static final double INIT_STD = 0.05;

    private final EmbeddingTable items;
    private final EmbeddingTable categories;
    private final int dim;

    public Embeddings(ParameterSet params, int itemRows, int categoryRows, int dim) {
        this.items = params.embedding("item", itemRows, dim, INIT_STD);
        this.categories = params.embedding("category", categoryRows, dim, INIT_STD);
        this.dim = dim;
    }

    public EmbeddingTable items() {
        return items;
    }

    public EmbeddingTable categories() {
        return categories;
    }

    /** Per-feature width. */
    public int dim() {
        return dim;
    }

    /** Width of a behaviour vector. */
    public int width() {
        return 2 * dim;
    }

    /** {@code out[i] = [item(itemIds[i]) ; category(categoryIds[i])]} for {@code i < n}. */
    public void gather(int[] itemIds, int[] categoryIds, int n, float[] out) {
        EmbeddingLookup.forward(items, itemIds, n, out, 2 * dim, 0);
        EmbeddingLookup.forward(categories, categoryIds, n, out, 2 * dim, dim);
    }

    /** What {@link #gatherInBlocks} hands each block to: {@code m} gathered rows, the first being row {@code at}. */
    @FunctionalInterface
    public interface RowBlock {
        void accept(float[] rows, int m, int at);
    }

    /**
     * Gathers the behaviour vectors of ids {@code [from, from + n)} in blocks of at most {@code block} rows,
     * handing each to {@code sink}: a table of every item's projections is built without a gathered copy of the
     * whole vocabulary. The ids of row i are {@code items[from + i]} and {@code categories[from + i]}.
     */
    public void gatherInBlocks(int[] items, int[] categories, int from, int n, int block, RowBlock sink) {
        int size = Math.min(block, Math.max(n, 1));
        float[] rows = new float[size * width()];
        int[] ids = new int[size];
        int[] cats = new int[size];
        for (int s = 0; s < n; s += size) {
            int m = Math.min(size, n - s);
            System.arraycopy(items, from + s, ids, 0, m);
            System.arraycopy(categories, from + s, cats, 0, m);
            gather(ids, cats, m, rows);
            sink.accept(rows, m, s);
        }
    }

    /** One behaviour vector {@code [item ; category]} to {@code out[off .. off + 2 dim)}. */
    public void gatherRow(int item, int category, float[] out, int off) {
        System.arraycopy(items.values(), item * dim, out, off, dim);
        System.arraycopy(categories.values(), category * dim, out, off + dim, dim);
    }

    /** Adds {@code d[off .. off + 2 dim)} to the gradients of one behaviour's item and category rows. */
    public void scatterRow(int item, int category, float[] d, int off, Gradients grads) {
        grads.of(items).accumulate(item, d, off, 1f);
        grads.of(categories).accumulate(category, d, off + dim, 1f);
    }

    /** Adds {@code dOut[i]} to the gradients of the rows gathered for {@code i}. */
    public void scatter(int[] itemIds, int[] categoryIds, int n, float[] dOut, Gradients grads) {
        EmbeddingLookup.backward(items, itemIds, n, dOut, 2 * dim, 0, grads);
        EmbeddingLookup.backward(categories, categoryIds, n, dOut, 2 * dim, dim, grads);
    }
}
