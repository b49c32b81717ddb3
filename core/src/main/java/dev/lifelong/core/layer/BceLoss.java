package dev.lifelong.core.layer;

import dev.lifelong.core.kernel.FloatKernels;
import dev.lifelong.core.kernel.Kernels;

/**
 * Mean binary cross-entropy on logits, the CTR loss. The mean is over the whole batch even when a worker
 * handles one shard of it: each shard passes the full batch size as {@code normalizer}, so shard gradients sum
 * to the batch gradient.
 */
public final class BceLoss {

    private static final FloatKernels K = Kernels.get();

    private BceLoss() {
    }

    /**
     * Returns {@code sum_i bce(logits[i], labels[i]) / normalizer} over {@code n} samples and, when
     * {@code dLogits} is not null, writes its gradient there.
     */
    public static double forward(float[] logits, float[] labels, int n, int normalizer, float[] dLogits) {
        return K.bceWithLogits(logits, 0, labels, 0, n, dLogits, 0, 1f / normalizer) / normalizer;
    }
}
