package dev.lifelong.core.param;

/**
 * Told which rows of an {@link EmbeddingTable} an optimizer step changed, right after they changed. Caches derived
 * from embedding rows (ETA's per-row SimHash projections, for one) refresh exactly those rows instead of the
 * whole table. A step may report its rows in several calls, from several threads at once, each for rows no other
 * call reports: a listener reads and writes only what belongs to the rows it is given.
 */
@FunctionalInterface
public interface RowUpdateListener {

    /** {@code rows[from .. from + count)} are distinct rows whose values changed; row 0 (padding) never appears. */
    void rowsUpdated(EmbeddingTable table, int[] rows, int from, int count);
}
