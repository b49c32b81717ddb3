package dev.lifelong.core.layer;

import dev.lifelong.core.param.Gradients;

/** {@code max(s, 0)}; the derivative at exactly 0 is taken as 0. */
public final class Relu extends Activation {

    public Relu(int width) {
        super(width);
    }

    @Override
    public void forward(float[] s, float[] a, int rows, State state, boolean training) {
        for (int i = 0, n = rows * width; i < n; i++) {
            a[i] = Math.max(s[i], 0f);
        }
    }

    @Override
    public void backward(float[] s, float[] a, float[] da, float[] ds, int rows, State state, Gradients grads) {
        for (int i = 0, n = rows * width; i < n; i++) {
            ds[i] = s[i] > 0f ? da[i] : 0f;
        }
    }
}
