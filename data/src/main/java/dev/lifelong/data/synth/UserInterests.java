package dev.lifelong.data.synth;

import dev.lifelong.core.random.Rng;

/** One user's interest categories and their weights; the last {@code dormant} of them are dormant. */
final class UserInterests {

    final int[] categories;
    final double[] weights;
    final int dormant;
    private final double dormantBefore;

    private UserInterests(int[] categories, double[] weights, int dormant, double dormantBefore) {
        this.categories = categories;
        this.weights = weights;
        this.dormant = dormant;
        this.dormantBefore = dormantBefore;
    }

    static UserInterests draw(SyntheticWorld w, Rng rng) {
        SyntheticConfig c = w.config;
        int k = c.interests();
        int[] cats = new int[k];
        double[] weights = new double[k];
        for (int i = 0; i < k; i++) {
            int cat;
            boolean fresh;
            do {
                cat = w.popularCategory(rng);
                fresh = true;
                for (int j = 0; j < i; j++) {
                    fresh &= cats[j] != cat;
                }
            } while (!fresh);
            cats[i] = cat;
            weights[i] = -Math.log(1 - rng.nextDouble()) + 0.2;
        }
        return new UserInterests(cats, weights, c.dormantInterests(), c.dormantBefore());
    }

    private boolean active(int i, double position) {
        return i < categories.length - dormant || position < dormantBefore;
    }

    /** The category of the behaviour at relative position {@code position} of the history. */
    int categoryAt(double position, double noise, SyntheticWorld w, Rng rng) {
        if (rng.nextDouble() < noise) {
            return w.popularCategory(rng);
        }
        double total = 0;
        for (int i = 0; i < categories.length; i++) {
            if (active(i, position)) {
                total += weights[i];
            }
        }
        double x = rng.nextDouble() * total;
        for (int i = 0; i < categories.length; i++) {
            if (active(i, position)) {
                x -= weights[i];
                if (x < 0) {
                    return categories[i];
                }
            }
        }
        return categories[0];
    }

    /** An impression target: 35% an active interest, 35% a dormant one, 30% a popular item. */
    int impressionTarget(SyntheticWorld w, Rng rng) {
        double x = rng.nextDouble();
        int active = categories.length - dormant;
        if (x < 0.35 || (x < 0.7 && dormant == 0)) {
            return w.itemOf(categories[rng.nextInt(active)], rng);
        }
        if (x < 0.7) {
            return w.itemOf(categories[active + rng.nextInt(dormant)], rng);
        }
        return w.popularItem(rng);
    }
}
