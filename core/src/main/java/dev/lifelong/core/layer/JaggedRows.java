package dev.lifelong.core.layer;

/**
 * A batch of variable-length sequences without padding, after TorchRec's {@code KeyedJaggedTensor}: sample
 * {@code b} owns rows {@code offsets[b] .. offsets[b+1])} of a row-major {@code values[*, dim]} array.
 * {@code valid}, when not null, masks individual rows (a masked row is never attended to).
 *
 * @param values  row-major rows, {@code dim} floats each
 * @param dim     floats per row
 * @param offsets {@code batch + 1} non-decreasing row indices
 * @param batch   number of samples
 * @param valid   per-row validity indexed like the rows, or null when every row is valid
 */
public record JaggedRows(float[] values, int dim, int[] offsets, int batch, boolean[] valid) {

    public JaggedRows {
        if (offsets.length < batch + 1) {
            throw new IllegalArgumentException("offsets need batch + 1 = " + (batch + 1) + " entries, got "
                    + offsets.length);
        }
        for (int b = 0; b < batch; b++) {
            if (offsets[b + 1] < offsets[b]) {
                throw new IllegalArgumentException("offsets must not decrease: offsets[" + b + "]=" + offsets[b]
                        + " > offsets[" + (b + 1) + "]=" + offsets[b + 1]);
            }
        }
        if ((long) offsets[batch] * dim > values.length) {
            throw new IllegalArgumentException("values hold " + values.length / Math.max(dim, 1)
                    + " rows, offsets need " + offsets[batch]);
        }
        if (valid != null && valid.length < offsets[batch]) {
            throw new IllegalArgumentException("valid has " + valid.length + " entries, rows go to "
                    + offsets[batch]);
        }
    }

    public int start(int b) {
        return offsets[b];
    }

    public int length(int b) {
        return offsets[b + 1] - offsets[b];
    }

    /** One past the last row used by the batch. */
    public int endRow() {
        return offsets[batch];
    }
}
