package dev.lifelong.core.param;

/**
 * A trainable tensor: a flat {@code float[]} of values, row-major {@code [rows, cols]}. Values are shared by
 * every worker; gradients never live here but in a {@link Gradients} buffer per shard, so that workers never
 * write to the same memory and the reduction order is fixed.
 */
public sealed interface Parameter permits DenseParameter, EmbeddingTable {

    /** Unique within its {@link ParameterSet}; written into artifacts. */
    String name();

    /** Dense index within its {@link ParameterSet}, used to find gradient and optimizer state. */
    int index();

    int rows();

    int cols();

    float[] values();

    default int size() {
        return rows() * cols();
    }
}
