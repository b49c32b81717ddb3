package dev.lifelong.core.param;

import java.util.Arrays;

/**
 * The gradient of one {@link EmbeddingTable} in one batch shard: only the rows the shard touched, each
 * accumulated once however often it occurred. Memory and clearing cost follow the number of touched rows, not
 * the table size: rows map to dense slots through an open-addressing hash table that is cleared by walking the
 * touched rows. Rows are kept in first-touch order, so a given shard always lists them the same way.
 */
public final class SparseRowGradient {

    private static final int EMPTY = -1;

    private final int dim;
    private int[] rowOfSlot = new int[16];
    private float[] values;
    private int count;
    // Open addressing, linear probing; holds slot + 1 so that 0 means empty after Arrays.fill(…, 0).
    private int[] table = new int[32];
    private int mask = 31;

    public SparseRowGradient(int dim) {
        this.dim = dim;
        this.values = new float[16 * dim];
    }

    public int dim() {
        return dim;
    }

    /** Number of distinct touched rows. */
    public int rowCount() {
        return count;
    }

    /** The touched rows, {@code [0, rowCount())} valid, in first-touch order. */
    public int[] rows() {
        return rowOfSlot;
    }

    /** Accumulated gradients, slot-major: the gradient of {@code rows()[s]} is at {@code s * dim}. */
    public float[] values() {
        return values;
    }

    /**
     * The offset in {@link #values()} where the gradient of {@code row} accumulates, creating a zeroed slot on
     * first touch; {@code -1} for the padding row, whose gradient is discarded.
     */
    public int slot(int row) {
        if (row == EmbeddingTable.PADDING_ROW) {
            return EMPTY;
        }
        int h = hash(row) & mask;
        while (true) {
            int s = table[h];
            if (s == 0) {
                return newSlot(row, h);
            }
            if (rowOfSlot[s - 1] == row) {
                return (s - 1) * dim;
            }
            h = (h + 1) & mask;
        }
    }

    /** {@code grad(row) += scale * src[so..so+dim)}. */
    public void accumulate(int row, float[] src, int so, float scale) {
        int off = slot(row);
        if (off < 0) {
            return;
        }
        for (int i = 0; i < dim; i++) {
            values[off + i] += scale * src[so + i];
        }
    }

    /** Adds every row of {@code other} into this one, in {@code other}'s row order. */
    public void addFrom(SparseRowGradient other) {
        for (int s = 0; s < other.count; s++) {
            int off = slot(other.rowOfSlot[s]);
            int src = s * dim;
            for (int i = 0; i < dim; i++) {
                values[off + i] += other.values[src + i];
            }
        }
    }

    /** Forgets every touched row; cost proportional to the rows touched. */
    public void clear() {
        for (int s = 0; s < count; s++) {
            int h = hash(rowOfSlot[s]) & mask;
            while (table[h] != 0) {
                table[h] = 0;
                h = (h + 1) & mask;
            }
        }
        Arrays.fill(values, 0, count * dim, 0f);
        count = 0;
    }

    private int newSlot(int row, int h) {
        if (count == rowOfSlot.length) {
            rowOfSlot = Arrays.copyOf(rowOfSlot, count * 2);
            values = Arrays.copyOf(values, count * 2 * dim);
        }
        rowOfSlot[count] = row;
        table[h] = ++count;
        int off = (count - 1) * dim;
        if (count * 2 > table.length) {
            rehash();
        }
        return off;
    }

    private void rehash() {
        table = new int[table.length * 2];
        mask = table.length - 1;
        for (int s = 0; s < count; s++) {
            int h = hash(rowOfSlot[s]) & mask;
            while (table[h] != 0) {
                h = (h + 1) & mask;
            }
            table[h] = s + 1;
        }
    }

    private static int hash(int row) {
        int h = row * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
