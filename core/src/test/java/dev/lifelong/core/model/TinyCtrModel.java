package dev.lifelong.core.model;

import dev.lifelong.core.layer.Activation;
import dev.lifelong.core.layer.BceLoss;
import dev.lifelong.core.layer.EmbeddingLookup;
import dev.lifelong.core.layer.JaggedRows;
import dev.lifelong.core.layer.MeanPooling;
import dev.lifelong.core.layer.Mlp;
import dev.lifelong.core.layer.TargetAttention;
import dev.lifelong.core.param.EmbeddingTable;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.ParameterSet;

/**
 * A small CTR model assembled from the core's layers, as a model of the zoo will be: item embeddings, target
 * attention and mean pooling over the behaviour sequence, an MLP on [q ; attention ; pooled], BCE loss. Used to
 * check that the pieces compose (end-to-end gradient check), learn a known signal, and train deterministically
 * across thread counts.
 */
final class TinyCtrModel {

    /** Samples: target item, behaviour sequence, label. */
    record Data(int[] targets, int[][] sequences, float[] labels) {
        int size() {
            return targets.length;
        }
    }

    final ParameterSet params;
    final EmbeddingTable items;
    final TargetAttention attention;
    final Mlp mlp;
    final int dim;

    TinyCtrModel(long seed, int itemRows, int dim, Activation.Kind activation) {
        this.params = new ParameterSet(seed);
        this.dim = dim;
        this.items = params.embedding("item", itemRows, dim, 0.1);
        this.attention = new TargetAttention(params, "ta", dim, dim, 2, 4, dim);
        this.mlp = new Mlp(params, "mlp", new int[] {3 * dim, 16, 1}, activation);
    }

    /** Everything one shard needs; reused across batches. */
    final class Shard {
        final Gradients grads = params.newGradients();
        final TargetAttention.Workspace taWs = attention.newWorkspace();
        final Mlp.Workspace mlpWs = mlp.newWorkspace();
        int[] targetIds = new int[0];
        int[] seqIds = new int[0];
        int[] offsets = new int[0];
        float[] q, seq, ta, pooled, concat, labels, dLogits, dConcat, dQ, dSeq;
        float[] logits;
    }

    Shard newShard() {
        return new Shard();
    }

    /** Loss of samples {@code [from, to)} divided by {@code normalizer}; with {@code backward}, fills the shard's gradients. */
    double run(Data data, int from, int to, int normalizer, Shard sh, boolean backward, boolean training) {
        int n = to - from;
        int total = 0;
        for (int i = from; i < to; i++) {
            total += data.sequences()[i].length;
        }
        sh.targetIds = new int[n];
        sh.seqIds = new int[total];
        sh.offsets = new int[n + 1];
        sh.labels = new float[n];
        for (int i = 0; i < n; i++) {
            int[] s = data.sequences()[from + i];
            sh.targetIds[i] = data.targets()[from + i];
            sh.labels[i] = data.labels()[from + i];
            System.arraycopy(s, 0, sh.seqIds, sh.offsets[i], s.length);
            sh.offsets[i + 1] = sh.offsets[i] + s.length;
        }
        sh.q = new float[n * dim];
        sh.seq = new float[total * dim];
        sh.ta = new float[n * dim];
        sh.pooled = new float[n * dim];
        sh.concat = new float[n * 3 * dim];
        EmbeddingLookup.forward(items, sh.targetIds, n, sh.q, dim, 0);
        EmbeddingLookup.forward(items, sh.seqIds, total, sh.seq, dim, 0);
        JaggedRows rows = new JaggedRows(sh.seq, dim, sh.offsets, n, null);
        attention.forward(sh.q, rows, sh.ta, sh.taWs);
        MeanPooling.forward(sh.seq, dim, sh.offsets, n, sh.pooled);
        for (int i = 0; i < n; i++) {
            System.arraycopy(sh.q, i * dim, sh.concat, i * 3 * dim, dim);
            System.arraycopy(sh.ta, i * dim, sh.concat, i * 3 * dim + dim, dim);
            System.arraycopy(sh.pooled, i * dim, sh.concat, i * 3 * dim + 2 * dim, dim);
        }
        sh.logits = mlp.forward(sh.concat, n, sh.mlpWs, training);
        sh.dLogits = backward ? new float[n] : null;
        double loss = BceLoss.forward(sh.logits, sh.labels, n, normalizer, sh.dLogits);
        if (!backward) {
            return loss;
        }
        sh.dConcat = new float[n * 3 * dim];
        sh.dQ = new float[n * dim];
        sh.dSeq = new float[total * dim];
        mlp.backward(sh.concat, sh.dLogits, n, sh.dConcat, sh.mlpWs, sh.grads);
        float[] dTa = new float[n * dim];
        float[] dPooled = new float[n * dim];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < dim; c++) {
                sh.dQ[i * dim + c] += sh.dConcat[i * 3 * dim + c];
                dTa[i * dim + c] = sh.dConcat[i * 3 * dim + dim + c];
                dPooled[i * dim + c] = sh.dConcat[i * 3 * dim + 2 * dim + c];
            }
        }
        attention.backward(sh.q, rows, dTa, sh.dQ, sh.dSeq, sh.taWs, sh.grads);
        MeanPooling.backward(dPooled, dim, sh.offsets, n, sh.dSeq);
        EmbeddingLookup.backward(items, sh.targetIds, n, sh.dQ, dim, 0, sh.grads);
        EmbeddingLookup.backward(items, sh.seqIds, total, sh.dSeq, dim, 0, sh.grads);
        return loss;
    }

    /** Predicted click probabilities, inference mode. */
    float[] predict(Data data) {
        Shard sh = newShard();
        run(data, 0, data.size(), data.size(), sh, false, false);
        float[] p = new float[data.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = dev.lifelong.core.kernel.ScalarKernels.sigmoid(sh.logits[i]);
        }
        return p;
    }
}
