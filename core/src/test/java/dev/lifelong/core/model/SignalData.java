package dev.lifelong.core.model;

import dev.lifelong.core.random.Rng;

/**
 * Samples with a known signal: items belong to categories ({@code item % categories}); a user's sequence is
 * drawn mostly from two favourite categories; the label is 1 exactly when the target's category is one of
 * them. A model that attends from the target to the sequence can learn it; chance is AUC 0.5.
 */
final class SignalData {

    private SignalData() {
    }

    static TinyCtrModel.Data generate(long seed, int samples, int items, int categories) {
        Rng rng = new Rng(seed);
        int[] targets = new int[samples];
        int[][] seqs = new int[samples][];
        float[] labels = new float[samples];
        for (int s = 0; s < samples; s++) {
            int fav1 = rng.nextInt(categories);
            int fav2 = rng.nextInt(categories);
            int len = rng.nextInt(12);
            int[] seq = new int[len];
            for (int i = 0; i < len; i++) {
                int cat = rng.nextInt(10) < 8 ? (rng.nextBoolean() ? fav1 : fav2) : rng.nextInt(categories);
                seq[i] = itemOf(rng, cat, items, categories);
            }
            boolean positive = len > 0 && rng.nextBoolean();
            int cat = positive ? (rng.nextBoolean() ? fav1 : fav2) : rng.nextInt(categories);
            targets[s] = itemOf(rng, cat, items, categories);
            labels[s] = len > 0 && (cat == fav1 || cat == fav2) ? 1f : 0f;
            seqs[s] = seq;
        }
        return new TinyCtrModel.Data(targets, seqs, labels);
    }

    private static int itemOf(Rng rng, int category, int items, int categories) {
        int perCategory = (items - 1) / categories;
        return 1 + category + categories * rng.nextInt(perCategory);
    }

    static double auc(float[] scores, float[] labels) {
        return dev.lifelong.core.metric.Auc.of(scores, labels, scores.length);
    }
}
