package dev.lifelong.models.twin;

/**
 * How far TWIN's search unit agreed with exact attention over the whole sequence (MODELS.md, TWIN 4), over the
 * samples whose long sequence was longer than the selection (a shorter one is taken whole and agrees by
 * construction). Exact attention weighs a behaviour by its softmax weight over all L averaged over heads: the
 * paper does not say how heads combine for this measure (docs/MODELS.md).
 *
 * @param overlap    the paper's measure: the share of the selection inside the top n of exact attention
 * @param weightHeld the exact-attention weight the selection holds, over the weight exact attention's own top n
 *                   holds (1 when the selection holds as much as any n behaviours could). Where weights are nearly
 *                   flat across the edge of the top n, {@link #overlap} counts each near-tie swapped as a miss; this
 *                   counts it by what it weighs
 * @param topWeight  the share of all exact-attention weight in its own top n: how peaked attention is, so how
 *                   much an edge of the top n means
 * @param samples    the samples measured; 0, with the rest NaN, when none was longer than the selection
 */
public record Consistency(double overlap, double weightHeld, double topWeight, long samples) {

    public static final Consistency NONE = new Consistency(Double.NaN, Double.NaN, Double.NaN, 0);

    public boolean measured() {
        return samples > 0;
    }
}
