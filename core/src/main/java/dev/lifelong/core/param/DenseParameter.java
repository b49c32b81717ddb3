package dev.lifelong.core.param;

/** A parameter whose gradient is dense: weights, biases, per-channel activation slopes. */
public final class DenseParameter implements Parameter {

    private final String name;
    private final int index;
    private final int rows;
    private final int cols;
    private final float[] values;

    DenseParameter(String name, int index, int rows, int cols) {
        this.name = name;
        this.index = index;
        this.rows = rows;
        this.cols = cols;
        this.values = new float[Math.multiplyExact(rows, cols)];
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
        return cols;
    }

    @Override
    public float[] values() {
        return values;
    }

    @Override
    public String toString() {
        return name + "[" + rows + "x" + cols + "]";
    }
}
