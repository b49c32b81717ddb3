package dev.lifelong.models.twin;

import dev.lifelong.core.param.EmbeddingTable;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.ParameterSet;
import dev.lifelong.data.batch.BehaviourSequences;
import dev.lifelong.data.batch.CrossFeatures;

/**
 * Embeddings of a behaviour's user-item cross features (MODELS.md, TWIN 1): behaviour type, value bucket and
 * time-gap bucket, {@code width} each, laid side by side: {@code [J * width]} with J = 3.
 */
final class CrossFeatureEmbeddings {

    static final int FEATURES = 3;
    /** Behaviour types fit a byte in the timeline store. */
    static final int BEHAVIOUR_ROWS = 256;

    final EmbeddingTable[] tables;
    final int width;

    CrossFeatureEmbeddings(ParameterSet params, String name, int width) {
        this.width = width;
        this.tables = new EmbeddingTable[] {
            params.embedding(name + ".behaviour", BEHAVIOUR_ROWS, width, 0.05),
            params.embedding(name + ".value", CrossFeatures.VALUE_BUCKETS, width, 0.05),
            params.embedding(name + ".gap", CrossFeatures.GAP_BUCKETS, width, 0.05)};
    }

    /** Id of cross feature {@code j} of behaviour {@code r}. */
    static int id(BehaviourSequences seq, int j, int r) {
        return switch (j) {
            case 0 -> seq.behaviours()[r];
            case 1 -> seq.valueBuckets()[r];
            default -> seq.gapBuckets()[r];
        };
    }

    /** Copies the J embeddings of behaviour {@code r} to {@code out[off ..]}. */
    void gather(BehaviourSequences seq, int r, float[] out, int off) {
        for (int j = 0; j < FEATURES; j++) {
            System.arraycopy(tables[j].values(), id(seq, j, r) * width, out, off + j * width, width);
        }
    }

    /** Adds {@code d[off ..]} to the gradients of behaviour {@code r}'s J embeddings. */
    void scatter(BehaviourSequences seq, int r, float[] d, int off, Gradients grads) {
        for (int j = 0; j < FEATURES; j++) {
            grads.of(tables[j]).accumulate(id(seq, j, r), d, off + j * width, 1f);
        }
    }
}
