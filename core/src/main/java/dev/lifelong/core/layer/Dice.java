package dev.lifelong.core.layer;

import dev.lifelong.core.param.DenseParameter;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.ParameterSet;

/**
 * Dice, DIN's data-adaptive activation (Zhou et al., KDD 2018, eq. 14):
 * {@code f(s) = p(s) s + (1 - p(s)) alpha s} with {@code p(s) = sigmoid((s - E[s]) / sqrt(Var[s] + eps))}.
 * In training E and Var are the statistics of the current batch (per channel, biased variance, as batch
 * normalisation), and the backward pass differentiates through them; at inference the running averages are
 * used. Each worker computes the statistics of its own shard; {@link #updateRunningStatistics} folds a
 * shard's statistics in, which the trainer calls in shard order so the result stays deterministic.
 */
public final class Dice extends Activation {

    /** The paper's epsilon. */
    public static final float EPS = 1e-8f;
    /** Weight of the old running average per update. */
    public static final float MOMENTUM = 0.99f;

    private final DenseParameter alpha;
    private final float[] runningMean;
    private final float[] runningVar;

    public Dice(ParameterSet params, String name, int width) {
        super(width);
        this.alpha = params.constant(name + ".alpha", width, 0f);
        this.runningMean = new float[width];
        this.runningVar = new float[width];
        java.util.Arrays.fill(runningVar, 1f);
    }

    /** Per-shard statistics of the last training forward pass. */
    public static final class DiceState extends State {
        float[] mean;
        float[] invStd;
        float[] var;
        float[] z;
        float[] p;
        float[] dz;
        float[] dzMean;
        float[] dzzMean;
        boolean batchStatistics;
        boolean hasStatistics;
    }

    @Override
    public State newState() {
        DiceState st = new DiceState();
        st.mean = new float[width];
        st.invStd = new float[width];
        st.var = new float[width];
        st.dzMean = new float[width];
        st.dzzMean = new float[width];
        return st;
    }

    public float[] runningMean() {
        return runningMean;
    }

    public float[] runningVar() {
        return runningVar;
    }

    @Override
    public void forward(float[] s, float[] a, int rows, State state, boolean training) {
        DiceState st = (DiceState) state;
        int n = rows * width;
        st.z = Scratch.ensure(st.z, n);
        st.p = Scratch.ensure(st.p, n);
        st.batchStatistics = training;
        if (training && rows > 0) {
            java.util.Arrays.fill(st.mean, 0f);
            java.util.Arrays.fill(st.var, 0f);
            for (int r = 0, i = 0; r < rows; r++) {
                for (int c = 0; c < width; c++, i++) {
                    st.mean[c] += s[i];
                }
            }
            for (int c = 0; c < width; c++) {
                st.mean[c] /= rows;
            }
            for (int r = 0, i = 0; r < rows; r++) {
                for (int c = 0; c < width; c++, i++) {
                    float d = s[i] - st.mean[c];
                    st.var[c] += d * d;
                }
            }
            for (int c = 0; c < width; c++) {
                st.var[c] /= rows;
                st.invStd[c] = (float) (1.0 / Math.sqrt(st.var[c] + EPS));
            }
            st.hasStatistics = true;
        } else {
            for (int c = 0; c < width; c++) {
                st.mean[c] = runningMean[c];
                st.invStd[c] = (float) (1.0 / Math.sqrt(runningVar[c] + EPS));
            }
        }
        float[] al = alpha.values();
        for (int r = 0, i = 0; r < rows; r++) {
            for (int c = 0; c < width; c++, i++) {
                float z = (s[i] - st.mean[c]) * st.invStd[c];
                float p = sigmoid(z);
                st.z[i] = z;
                st.p[i] = p;
                a[i] = s[i] * (p + (1f - p) * al[c]);
            }
        }
    }

    @Override
    public void backward(float[] s, float[] a, float[] da, float[] ds, int rows, State state, Gradients grads) {
        DiceState st = (DiceState) state;
        float[] al = alpha.values();
        float[] dal = grads.of(alpha);
        float[] dzMean = st.dzMean;
        float[] dzzMean = st.dzzMean;
        java.util.Arrays.fill(dzMean, 0f);
        java.util.Arrays.fill(dzzMean, 0f);
        st.dz = Scratch.ensure(st.dz, rows * width);
        float[] dzs = st.dz;
        for (int r = 0, i = 0; r < rows; r++) {
            for (int c = 0; c < width; c++, i++) {
                float p = st.p[i];
                float g = da[i];
                dal[c] += g * s[i] * (1f - p);
                float dz = g * s[i] * (1f - al[c]) * p * (1f - p);
                dzs[i] = dz;
                dzMean[c] += dz;
                dzzMean[c] += dz * st.z[i];
            }
        }
        if (st.batchStatistics && rows > 0) {
            for (int c = 0; c < width; c++) {
                dzMean[c] /= rows;
                dzzMean[c] /= rows;
            }
        }
        for (int r = 0, i = 0; r < rows; r++) {
            for (int c = 0; c < width; c++, i++) {
                float p = st.p[i];
                float direct = da[i] * (p + (1f - p) * al[c]);
                float viaZ = st.batchStatistics
                        ? st.invStd[c] * (dzs[i] - dzMean[c] - st.z[i] * dzzMean[c])
                        : st.invStd[c] * dzs[i];
                ds[i] = direct + viaZ;
            }
        }
    }

    /** Folds the batch statistics of {@code state}'s last training pass into the running averages. */
    public void updateRunningStatistics(State state) {
        DiceState st = (DiceState) state;
        if (!st.hasStatistics) {
            return;
        }
        for (int c = 0; c < width; c++) {
            runningMean[c] = MOMENTUM * runningMean[c] + (1 - MOMENTUM) * st.mean[c];
            runningVar[c] = MOMENTUM * runningVar[c] + (1 - MOMENTUM) * st.var[c];
        }
        st.hasStatistics = false;
    }

    private static float sigmoid(float z) {
        return dev.lifelong.core.kernel.ScalarKernels.sigmoid(z);
    }
}
