package dev.lifelong.core.layer;

import dev.lifelong.core.kernel.FloatKernels;
import dev.lifelong.core.kernel.Kernels;

/**
 * Mean of each sample's rows in a jagged batch: {@code values[offsets[b] .. offsets[b+1]) x dim} pooled into
 * {@code out[b, dim]}. An empty sequence pools to zeros and passes back no gradient. DNN's (avg pooling)
 * interest unit.
 */
public final class MeanPooling {

    private static final FloatKernels K = Kernels.get();

    private MeanPooling() {
    }

    public static void forward(float[] values, int dim, int[] offsets, int batch, float[] out) {
        java.util.Arrays.fill(out, 0, batch * dim, 0f);
        for (int b = 0; b < batch; b++) {
            int len = offsets[b + 1] - offsets[b];
            if (len == 0) {
                continue;
            }
            for (int r = offsets[b]; r < offsets[b + 1]; r++) {
                K.add(out, b * dim, values, r * dim, out, b * dim, dim);
            }
            K.scale(1f / len, out, b * dim, dim);
        }
    }

    /** {@code dValues[row] += dOut[b] / len(b)} for every row of sample b. */
    public static void backward(float[] dOut, int dim, int[] offsets, int batch, float[] dValues) {
        for (int b = 0; b < batch; b++) {
            int len = offsets[b + 1] - offsets[b];
            for (int r = offsets[b]; r < offsets[b + 1]; r++) {
                K.axpy(1f / len, dOut, b * dim, dValues, r * dim, dim);
            }
        }
    }
}
