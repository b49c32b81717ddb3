package dev.lifelong.core.layer;

import dev.lifelong.core.param.Gradients;

/**
 * An element-wise activation over {@code [rows, width]}: {@code a = f(s)}. Parameters (PReLU and Dice slopes)
 * are shared; anything a forward pass must remember for its backward pass lives in a per-worker {@link State}.
 */
public abstract sealed class Activation permits Relu, Prelu, Dice {

    /** Per-worker memory of a forward pass; empty for stateless activations. */
    public static class State {
    }

    protected final int width;

    protected Activation(int width) {
        this.width = width;
    }

    public int width() {
        return width;
    }

    public State newState() {
        return new State();
    }

    /** {@code a[0 .. rows*width) = f(s)}; {@code training} selects batch statistics where they matter (Dice). */
    public abstract void forward(float[] s, float[] a, int rows, State state, boolean training);

    /**
     * Writes {@code ds = da * df/ds} and accumulates parameter gradients into {@code grads}. {@code ds} may be
     * the same array as {@code da} (the MLP turns its gradient buffer around in place).
     */
    public abstract void backward(float[] s, float[] a, float[] da, float[] ds, int rows, State state,
                                  Gradients grads);

    /** The activations a layer can be built with. */
    public enum Kind {
        RELU, PRELU, DICE;

        public Activation create(dev.lifelong.core.param.ParameterSet params, String name, int width) {
            return switch (this) {
                case RELU -> new Relu(width);
                case PRELU -> new Prelu(params, name, width);
                case DICE -> new Dice(params, name, width);
            };
        }
    }
}
