package dev.lifelong.core.layer;

import dev.lifelong.core.kernel.FloatKernels;
import dev.lifelong.core.kernel.Kernels;
import dev.lifelong.core.param.DenseParameter;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.ParameterSet;

/** PReLU (He et al., 2015): {@code s} for {@code s > 0}, else {@code alpha_c * s}, one learned slope per channel. */
public final class Prelu extends Activation {

    /** He et al.'s initial slope. */
    public static final float INITIAL_SLOPE = 0.25f;

    private static final FloatKernels K = Kernels.get();

    private final DenseParameter alpha;

    public Prelu(ParameterSet params, String name, int width) {
        super(width);
        this.alpha = params.constant(name + ".alpha", width, INITIAL_SLOPE);
    }

    @Override
    public void forward(float[] s, float[] a, int rows, State state, boolean training) {
        float[] al = alpha.values();
        for (int r = 0; r < rows; r++) {
            K.prelu(s, r * width, al, 0, a, r * width, width);
        }
    }

    @Override
    public void backward(float[] s, float[] a, float[] da, float[] ds, int rows, State state, Gradients grads) {
        float[] al = alpha.values();
        float[] dal = grads.of(alpha);
        for (int r = 0, i = 0; r < rows; r++) {
            for (int c = 0; c < width; c++, i++) {
                float x = s[i];
                if (x > 0f) {
                    ds[i] = da[i];
                } else {
                    float g = da[i];
                    dal[c] += x * g;
                    ds[i] = al[c] * g;
                }
            }
        }
    }
}
