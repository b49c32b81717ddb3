package dev.lifelong.data.synth;

/**
 * The ground truth: the probability that user u clicks target t is
 * <pre>
 *   A(u, t) = sum over categories c of share_u(c) * kappa(c, category(t))
 *   p(u, t) = sigmoid(B0 + B1 * A(u, t) + quality(t))
 * </pre>
 * where {@code share_u(c)} is the fraction of the user's <em>whole</em> history in category c. Old behaviours
 * weigh as much as recent ones, so a dormant interest (absent from the recent past) still raises the click
 * probability of its items: a model that sees only a short recent window cannot know it.
 */
final class ClickModel {

    /** Chosen so that the default world has a click rate near 0.3 and an oracle AUC near 0.82. */
    static final double B0 = -6.0;
    static final double B1 = 10.0;

    private ClickModel() {
    }

    /** @param share fraction of the history per category, indexed from 1 */
    static double probability(SyntheticWorld w, double[] share, int target) {
        int ct = w.itemCategory[target];
        double a = 0;
        for (int c = 1; c < share.length; c++) {
            if (share[c] != 0) {
                a += share[c] * w.kappa[c][ct];
            }
        }
        double z = B0 + B1 * a + w.itemQuality[target];
        return 1.0 / (1.0 + Math.exp(-z));
    }
}
