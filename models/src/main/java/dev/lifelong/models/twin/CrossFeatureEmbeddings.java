package dev.lifelong.models.twin;

import dev.lifelong.core.param.EmbeddingTable;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.ParameterSet;
import dev.lifelong.data.batch.BehaviourSequences;
import dev.lifelong.data.batch.CrossFeatures;
import dev.lifelong.models.frame.ModelConfig;
import java.util.List;

/**
 * Embeddings of a behaviour's user-item cross features (MODELS.md, TWIN 1): those the configuration keeps of
 * behaviour type, value bucket and time-gap bucket ({@link ModelConfig#twinCrossFeatures}), {@code width} each,
 * laid side by side in that order: {@code [J * width]}. J is 3 by default and may be 0.
 */
final class CrossFeatureEmbeddings {

    /** Behaviour types fit a byte in the timeline store. */
    static final int BEHAVIOUR_ROWS = 256;
    private static final int BEHAVIOUR = 0;
    private static final int VALUE = 1;
    private static final int GAP = 2;

    final EmbeddingTable[] tables;
    final int width;
    /** Each kept feature's place in {@link ModelConfig#CROSS_FEATURES}. */
    private final int[] kinds;

    CrossFeatureEmbeddings(ParameterSet params, String name, int width, List<String> features) {
        this.width = width;
        this.kinds = new int[features.size()];
        this.tables = new EmbeddingTable[features.size()];
        for (int j = 0; j < kinds.length; j++) {
            kinds[j] = ModelConfig.CROSS_FEATURES.indexOf(features.get(j));
            int rows = switch (kinds[j]) {
                case BEHAVIOUR -> BEHAVIOUR_ROWS;
                case VALUE -> CrossFeatures.VALUE_BUCKETS;
                case GAP -> CrossFeatures.GAP_BUCKETS;
                default -> throw new IllegalArgumentException("unknown cross feature '" + features.get(j)
                        + "'; known: " + ModelConfig.CROSS_FEATURES);
            };
            // The names of the full set's tables, so artifacts written before features could be left out load.
            tables[j] = params.embedding(name + "." + features.get(j), rows, width, 0.05);
        }
    }

    /** J, the cross features kept. */
    int count() {
        return kinds.length;
    }

    /** Id of kept cross feature {@code j} of behaviour {@code r}. */
    int id(BehaviourSequences seq, int j, int r) {
        return kinds[j] == BEHAVIOUR ? seq.behaviours()[r] : kinds[j] == VALUE ? seq.valueBuckets()[r]
                : seq.gapBuckets()[r];
    }

    /**
     * The kept cross features of behaviour {@code r} in one int, a byte each (every id fits one: the tables
     * have at most {@link #BEHAVIOUR_ROWS} rows): behaviours with equal keys are alike to the cross side of TWIN.
     */
    int key(BehaviourSequences seq, int r) {
        int key = 0;
        for (int j = 0; j < kinds.length; j++) {
            key |= id(seq, j, r) << 8 * kinds[j];
        }
        return key;
    }

    /** The scalar cross bias of behaviour r: {@code sum_j scalars[j][id_j]}, from {@link TwinUnit#crossScalars}. */
    float bias(float[][] scalars, BehaviourSequences seq, int r) {
        // Summed from zero in feature order, as the backward pass and every earlier version did.
        float c = 0;
        for (int j = 0; j < kinds.length; j++) {
            c += scalars[j][id(seq, j, r)];
        }
        return c;
    }

    /** Copies the J embeddings of behaviour {@code r} to {@code out[off ..]}. */
    void gather(BehaviourSequences seq, int r, float[] out, int off) {
        for (int j = 0; j < kinds.length; j++) {
            System.arraycopy(tables[j].values(), id(seq, j, r) * width, out, off + j * width, width);
        }
    }

    /** Adds {@code d[off ..]} to the gradients of behaviour {@code r}'s J embeddings. */
    void scatter(BehaviourSequences seq, int r, float[] d, int off, Gradients grads) {
        for (int j = 0; j < kinds.length; j++) {
            grads.of(tables[j]).accumulate(id(seq, j, r), d, off + j * width, 1f);
        }
    }
}
