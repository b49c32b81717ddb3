package dev.lifelong.core.param;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An embedding table {@code [rows, dim]} whose gradient is sparse: a batch touches a few rows of a table that
 * may hold millions, and only those rows are accumulated and updated (see {@link SparseRowGradient} and the
 * lazy optimizers). Row 0 is padding / unknown: it starts at zero, never receives a gradient and so stays
 * zero. Listeners hear which rows each optimizer step changed.
 */
public final class EmbeddingTable implements Parameter {

    /** The row every padding or unknown id maps to. */
    public static final int PADDING_ROW = 0;

    private final String name;
    private final int index;
    private final int rows;
    private final int dim;
    private final float[] values;
    private final List<RowUpdateListener> listeners = new CopyOnWriteArrayList<>();

    EmbeddingTable(String name, int index, int rows, int dim) {
        if (rows < 1 || dim < 1) {
            throw new IllegalArgumentException("embedding table " + name + " needs rows >= 1 and dim >= 1, got "
                    + rows + " x " + dim);
        }
        this.name = name;
        this.index = index;
        this.rows = rows;
        this.dim = dim;
        this.values = new float[Math.multiplyExact(rows, dim)];
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return dim;
    }

    public int dim() {
        return dim;
    }

    @Override
    public float[] values() {
        return values;
    }

    /** Offset of {@code row} in {@link #values()}. */
    public int offset(int row) {
        return row * dim;
    }

    public void addListener(RowUpdateListener listener) {
        listeners.add(listener);
    }

    public void removeListener(RowUpdateListener listener) {
        listeners.remove(listener);
    }

    /** Called after {@code rows[0..count)} changed. */
    public void fireRowsUpdated(int[] changedRows, int count) {
        fireRowsUpdated(changedRows, 0, count);
    }

    /** Called by the optimizer step after it changed {@code rows[from .. from + count)}. */
    public void fireRowsUpdated(int[] changedRows, int from, int count) {
        for (RowUpdateListener l : listeners) {
            l.rowsUpdated(this, changedRows, from, count);
        }
    }

    @Override
    public String toString() {
        return name + "[" + rows + "x" + dim + "]";
    }
}
