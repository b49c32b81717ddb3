package dev.lifelong.models.unit;

import dev.lifelong.core.layer.JaggedRows;
import dev.lifelong.data.batch.BehaviourSequences;
import dev.lifelong.models.frame.Embeddings;

/** A batch's behaviour embeddings gathered into one jagged block, with a gradient block of the same shape. */
final class GatheredRows {

    float[] values = new float[0];
    float[] grads = new float[0];
    JaggedRows rows;

    /** Gathers every behaviour of {@code seq}. */
    JaggedRows gather(Embeddings emb, BehaviourSequences seq) {
        int n = seq.rows();
        int w = emb.width();
        if (values.length < n * w) {
            values = new float[n * w];
            grads = new float[n * w];
        }
        emb.gather(seq.items(), seq.categories(), n, values);
        rows = new JaggedRows(values, w, seq.offsets(), seq.batch(), null);
        return rows;
    }

    /** Zeroes the gradient block for the gathered rows and returns it. */
    float[] zeroedGrads(int n, int w) {
        java.util.Arrays.fill(grads, 0, n * w, 0f);
        return grads;
    }
}
