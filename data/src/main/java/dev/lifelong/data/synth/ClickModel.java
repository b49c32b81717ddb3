package dev.lifelong.data.synth;

/**
 * The ground truth: the probability that user u clicks target t is
 * <pre>
 *   s(i, t) = exp(-|x_i - x_t|^2 / (2 d SIGMA2))   for a behaviour i in the same category family as t, else 0
 *   R(u, t) = sum over the user's whole history of s(i, t)
 *   A(u, t) = 1 - exp(-R(u, t) / TAU)
 *   p(u, t) = sigmoid(B0 + B1 * A(u, t) + quality(t))
 * </pre>
 * where {@code x} are the items' latent vectors. A handful of closely related behaviours anywhere in the history
 * saturate A, however long the history and however old they are; the bulk of unrelated behaviours adds nothing.
 * That is the situation long-sequence retrieval is for: a mean over the history dilutes the few related
 * behaviours by the history's length, and a short recent window misses dormant interests entirely, while target
 * attention (exact, or over a retrieved top-k) finds them. Related means item-level similarity: two items of one
 * category score about 0.55, of one family about 0.1, so which behaviours matter depends on the target item.
 */
final class ClickModel {

    /** Chosen so that the default world has a click rate near 0.35 and an oracle AUC near 0.8. */
    static final double B0 = -4.5;
    static final double B1 = 5.0;
    static final double SIGMA2 = 0.1;
    static final double TAU = 1.5;

    static final String DESCRIPTION = "p = sigmoid(" + B0 + " + " + B1 + " * (1 - exp(-R/" + TAU + ")) + quality(t)),"
            + " R = sum over the history's same-family behaviours i of exp(-|x_i - x_t|^2 / (2 d " + SIGMA2 + "))";

    private ClickModel() {
    }

    /**
     * @param byFamily the user's history grouped by the family of each behaviour's category: item ids, each
     *                 occurrence once
     */
    static double probability(SyntheticWorld w, CategoryIndex byCategory, int target) {
        float[] xt = w.itemLatent[target];
        int d = xt.length;
        double scale = -1.0 / (2.0 * d * SIGMA2);
        int[] items = byCategory.items(w.itemCategory[target]);
        int n = byCategory.size(w.itemCategory[target]);
        double r = 0;
        for (int j = 0; j < n; j++) {
            float[] xi = w.itemLatent[items[j]];
            double dist = 0;
            for (int k = 0; k < d; k++) {
                double e = xi[k] - xt[k];
                dist += e * e;
            }
            r += Math.exp(scale * dist);
        }
        double a = 1 - Math.exp(-r / TAU);
        double z = B0 + B1 * a + w.itemQuality[target];
        return 1.0 / (1.0 + Math.exp(-z));
    }
}
