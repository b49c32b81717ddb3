package dev.lifelong.models.twin;

import dev.lifelong.core.kernel.FloatKernels;
import dev.lifelong.core.kernel.Kernels;
import dev.lifelong.models.frame.Ranking;

/**
 * Sums {@link Consistency}'s measures sample by sample. One per worker: it keeps its buffers.
 */
public final class ConsistencyTally {

    private static final FloatKernels K = Kernels.get();

    private double overlapSum;
    private double weightHeldSum;
    private double topWeightSum;
    private long samples;
    private float[] mean = new float[0];
    private float[] row = new float[0];
    private int[] order = new int[0];

    /**
     * Adds one sample: relevance {@code alpha [heads, len]} (the logits of exact attention, head by head) and the
     * {@code n} positions the search unit took, marked in {@code taken}; {@code n < len}.
     */
    void add(float[] alpha, int heads, int len, boolean[] taken, int n, Ranking ranking) {
        if (mean.length < len) {
            mean = new float[len];
            row = new float[len];
        }
        if (order.length < n) {
            order = new int[n];
        }
        java.util.Arrays.fill(mean, 0, len, 0f);
        for (int h = 0; h < heads; h++) {
            System.arraycopy(alpha, h * len, row, 0, len);
            K.softmax(row, 0, len, null, 0);
            K.axpy(1f / heads, row, 0, mean, 0, len);
        }
        // Ranked as the search unit ranks (ties to the more recent), so a tie alone is never a miss.
        ranking.top(mean, 0, len, n, order);
        int hits = 0;
        double top = 0;
        for (int i = 0; i < n; i++) {
            hits += taken[order[i]] ? 1 : 0;
            top += mean[order[i]];
        }
        double held = 0;
        for (int i = 0; i < len; i++) {
            held += taken[i] ? mean[i] : 0;
        }
        overlapSum += (double) hits / n;
        weightHeldSum += held / top;
        topWeightSum += top;
        samples++;
    }

    /** Adds another tally's samples to this one. */
    public void addAll(ConsistencyTally other) {
        overlapSum += other.overlapSum;
        weightHeldSum += other.weightHeldSum;
        topWeightSum += other.topWeightSum;
        samples += other.samples;
    }

    public void clear() {
        overlapSum = 0;
        weightHeldSum = 0;
        topWeightSum = 0;
        samples = 0;
    }

    /** The means over the samples added. */
    public Consistency result() {
        return samples == 0 ? Consistency.NONE
                : new Consistency(overlapSum / samples, weightHeldSum / samples, topWeightSum / samples, samples);
    }
}
