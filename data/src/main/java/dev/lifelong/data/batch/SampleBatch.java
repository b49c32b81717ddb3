package dev.lifelong.data.batch;

/**
 * A mini-batch as models consume it: per sample the target (user, item, category), label, true probability
 * (synthetic data) and sample index, and two jagged behaviour sequences: the most recent {@code longLen}
 * behaviours (the long unit's input) and the most recent {@code shortLen} (the short-interest unit's input).
 */
public final class SampleBatch {

    int size;
    int[] sample = new int[0];
    int[] user = new int[0];
    int[] item = new int[0];
    int[] category = new int[0];
    float[] label = new float[0];
    float[] trueProbability = new float[0];
    final BehaviourSequences longSequence = new BehaviourSequences();
    final BehaviourSequences shortSequence = new BehaviourSequences();

    void reset(int n) {
        size = n;
        if (sample.length < n) {
            sample = new int[n];
            user = new int[n];
            item = new int[n];
            category = new int[n];
            label = new float[n];
            trueProbability = new float[n];
        }
        longSequence.reset(n);
        shortSequence.reset(n);
    }

    public int size() {
        return size;
    }

    /** Index of each sample in the dataset's sample table. */
    public int[] samples() {
        return sample;
    }

    public int[] users() {
        return user;
    }

    public int[] items() {
        return item;
    }

    public int[] categories() {
        return category;
    }

    public float[] labels() {
        return label;
    }

    public float[] trueProbabilities() {
        return trueProbability;
    }

    public BehaviourSequences longSequence() {
        return longSequence;
    }

    public BehaviourSequences shortSequence() {
        return shortSequence;
    }
}
