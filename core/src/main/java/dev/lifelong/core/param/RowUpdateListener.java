package dev.lifelong.core.param;

/**
 * Told which rows of an {@link EmbeddingTable} an optimizer step changed, right after the step. Caches derived
 * from embedding rows (ETA's per-row SimHash projections, for one) refresh exactly those rows instead of the
 * whole table.
 */
@FunctionalInterface
public interface RowUpdateListener {

    /** {@code rows[0..count)} are the distinct rows whose values changed; row 0 (padding) never appears. */
    void rowsUpdated(EmbeddingTable table, int[] rows, int count);
}
