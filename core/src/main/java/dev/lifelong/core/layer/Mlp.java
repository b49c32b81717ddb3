package dev.lifelong.core.layer;

import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.ParameterSet;

/**
 * A multi-layer perceptron {@code dims[0] -> dims[1] -> ... -> dims[n]}: linear layers with biases, the chosen
 * activation after every layer but the last, whose output is left linear (a logit or an attention score).
 */
public final class Mlp {

    private final Linear[] layers;
    private final Activation[] activations;

    public Mlp(ParameterSet params, String name, int[] dims, Activation.Kind activation) {
        if (dims.length < 2) {
            throw new IllegalArgumentException(name + ": an MLP needs at least input and output sizes");
        }
        layers = new Linear[dims.length - 1];
        activations = new Activation[dims.length - 2];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = new Linear(params, name + ".fc" + l, dims[l], dims[l + 1], true);
            if (l < activations.length) {
                activations[l] = activation.create(params, name + ".act" + l, dims[l + 1]);
            }
        }
    }

    public int in() {
        return layers[0].in();
    }

    public int out() {
        return layers[layers.length - 1].out();
    }

    /** The activations of hidden layers, for running-statistics updates (Dice). */
    public Activation[] activations() {
        return activations.clone();
    }

    /** Per-worker activations and gradients of one forward/backward pass. */
    public final class Workspace {
        final float[][] pre = new float[layers.length][];
        final float[][] post = new float[activations.length][];
        final float[][] grad = new float[layers.length][];
        final Activation.State[] states = new Activation.State[activations.length];

        Workspace() {
            for (int l = 0; l < activations.length; l++) {
                states[l] = activations[l].newState();
            }
        }

        /** The state of hidden activation {@code l}, for {@link Dice#updateRunningStatistics}. */
        public Activation.State state(int l) {
            return states[l];
        }
    }

    public Workspace newWorkspace() {
        return new Workspace();
    }

    /** Folds a worker's batch statistics into the running averages of every Dice layer (call in shard order). */
    public void updateRunningStatistics(Workspace ws) {
        for (int l = 0; l < activations.length; l++) {
            if (activations[l] instanceof Dice dice) {
                dice.updateRunningStatistics(ws.states[l]);
            }
        }
    }

    /** The Dice layers' running averages by name ({@code dice<l>.mean}, {@code dice<l>.var}); live arrays. */
    public java.util.Map<String, float[]> runningStatistics() {
        java.util.Map<String, float[]> m = new java.util.LinkedHashMap<>();
        for (int l = 0; l < activations.length; l++) {
            if (activations[l] instanceof Dice dice) {
                m.put("dice" + l + ".mean", dice.runningMean());
                m.put("dice" + l + ".var", dice.runningVar());
            }
        }
        return m;
    }

    /** Runs {@code x[rows, in]} through the network; returns the workspace array holding {@code [rows, out]}. */
    public float[] forward(float[] x, int rows, Workspace ws, boolean training) {
        layers[0].forward(x, 0, rows, firstLayerOutput(rows, ws), 0);
        return onward(rows, ws, training);
    }

    /** The first layer, whose product serving splits by blocks of its input. */
    public Linear firstLayer() {
        return layers[0];
    }

    /**
     * The workspace array {@link #forwardFromFirstLayer} starts from: a caller that computes the first layer's
     * output {@code x W + b} ({@code [rows, dims[1]]}) itself writes it here.
     */
    public float[] firstLayerOutput(int rows, Workspace ws) {
        ws.pre[0] = Scratch.ensure(ws.pre[0], rows * layers[0].out());
        return ws.pre[0];
    }

    /**
     * Inference from the first layer's output, already in {@link #firstLayerOutput}: what {@link #forward} returns
     * for the input that output came from.
     */
    public float[] forwardFromFirstLayer(int rows, Workspace ws) {
        return onward(rows, ws, false);
    }

    private float[] onward(int rows, Workspace ws, boolean training) {
        for (int l = 0; l < activations.length; l++) {
            int width = layers[l].out();
            ws.post[l] = Scratch.ensure(ws.post[l], rows * width);
            activations[l].forward(ws.pre[l], ws.post[l], rows, ws.states[l], training);
            Linear next = layers[l + 1];
            ws.pre[l + 1] = Scratch.ensure(ws.pre[l + 1], rows * next.out());
            next.forward(ws.post[l], 0, rows, ws.pre[l + 1], 0);
        }
        return ws.pre[layers.length - 1];
    }

    /**
     * Backward from {@code dOut[rows, out]}; accumulates parameter gradients and, when {@code dx} is not null,
     * {@code dx[rows, in] += dLoss/dx}. Must follow {@link #forward} on the same workspace and input.
     */
    public void backward(float[] x, float[] dOut, int rows, float[] dx, Workspace ws, Gradients grads) {
        float[] dy = dOut;
        for (int l = layers.length - 1; l >= 0; l--) {
            Linear layer = layers[l];
            float[] input = l == 0 ? x : ws.post[l - 1];
            float[] dInput = null;
            if (l > 0) {
                ws.grad[l] = Scratch.zeroed(ws.grad[l], rows * layer.in());
                dInput = ws.grad[l];
            } else {
                dInput = dx;
            }
            layer.backward(input, 0, dy, 0, rows, dInput, 0, grads);
            if (l > 0) {
                // dInput holds dLoss/d(post-activation); turn it into dLoss/d(pre-activation) in place.
                activations[l - 1].backward(ws.pre[l - 1], ws.post[l - 1], dInput, dInput, rows,
                        ws.states[l - 1], grads);
                dy = dInput;
            }
        }
    }
}
