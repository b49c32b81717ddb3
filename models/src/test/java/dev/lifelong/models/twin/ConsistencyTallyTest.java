package dev.lifelong.models.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The consistency measures on relevances whose exact attention is known by hand: the relevance of each head is
 * the log of its softmax weights, so exact attention's weights are those numbers.
 */
class ConsistencyTallyTest {

    private static final double EPS = 1e-6;

    /** Relevance {@code [heads, len]} whose softmax, head by head, is {@code weights}. */
    private static float[] logits(double[][] weights) {
        int len = weights[0].length;
        float[] alpha = new float[weights.length * len];
        for (int h = 0; h < weights.length; h++) {
            for (int i = 0; i < len; i++) {
                alpha[h * len + i] = (float) Math.log(weights[h][i]);
            }
        }
        return alpha;
    }

    private static void addSelected(ConsistencyTally tally, double[][] weights, int n) {
        float[] alpha = logits(weights);
        int len = weights[0].length;
        RoundRobin rr = new RoundRobin();
        boolean[] taken = rr.select(alpha, len, weights.length, n);
        tally.add(alpha, weights.length, len, taken, n, rr.ranking());
    }

    @Test
    void aSharpHeadAndAFlatOneSplitTheSelectionThatTheMeanWouldNot() {
        ConsistencyTally tally = new ConsistencyTally();
        // Head 0 takes position 0, head 1 position 3. Mean weights: 0.35, 0.30, 0.125, 0.225, so exact attention's
        // top two are positions 0 and 1 (0.65 of all); the selection holds 0.35 + 0.225 = 0.575 of it.
        addSelected(tally, new double[][] {{0.5, 0.4, 0.05, 0.05}, {0.2, 0.2, 0.2, 0.4}}, 2);
        Consistency c = tally.result();
        assertThat(c.samples()).isEqualTo(1);
        assertThat(c.overlap()).isCloseTo(0.5, within(EPS));
        assertThat(c.weightHeld()).isCloseTo(0.575 / 0.65, within(EPS));
        assertThat(c.topWeight()).isCloseTo(0.65, within(EPS));
    }

    @Test
    void headsThatRankAlikeAgreeWhollyAndSamplesAverage() {
        ConsistencyTally tally = new ConsistencyTally();
        addSelected(tally, new double[][] {{0.5, 0.4, 0.05, 0.05}, {0.2, 0.2, 0.2, 0.4}}, 2);
        ConsistencyTally other = new ConsistencyTally();
        // Both heads rank 3, 2, 1, 0: the selection is exact attention's top two, 0.4 + 0.3 of the weight.
        addSelected(other, new double[][] {{0.1, 0.2, 0.3, 0.4}, {0.1, 0.2, 0.3, 0.4}}, 2);
        assertThat(other.result().overlap()).isEqualTo(1.0);
        assertThat(other.result().weightHeld()).isCloseTo(1.0, within(1e-12));
        assertThat(other.result().topWeight()).isCloseTo(0.7, within(EPS));

        tally.addAll(other);
        Consistency c = tally.result();
        assertThat(c.samples()).isEqualTo(2);
        assertThat(c.overlap()).isCloseTo(0.75, within(EPS));
        assertThat(c.weightHeld()).isCloseTo((0.575 / 0.65 + 1) / 2, within(EPS));
        assertThat(c.topWeight()).isCloseTo((0.65 + 0.7) / 2, within(EPS));

        tally.clear();
        assertThat(tally.result()).isEqualTo(Consistency.NONE);
        assertThat(Consistency.NONE.measured()).isFalse();
    }

    /**
     * A near-tie at the edge of the top: position 2 is swapped out for position 1, weighing a hair more. The
     * overlap counts the swap as a whole miss; the weight held barely moves.
     */
    @Test
    void aNearTieSwappedAtTheEdgeCostsTheOverlapAWholeMissButHardlyAnyWeight() {
        ConsistencyTally tally = new ConsistencyTally();
        // Head 0 takes 0; head 1's best, 0, is taken, so it takes 2 (its 0.300 against 0.299). The mean ranks 0,
        // 1, 2, 3 (0.5, 0.2255, 0.224, 0.0505), so exact attention's top two are 0 and 1.
        addSelected(tally, new double[][] {{0.6, 0.152, 0.148, 0.1}, {0.4, 0.299, 0.3, 0.001}}, 2);
        Consistency c = tally.result();
        assertThat(c.overlap()).isCloseTo(0.5, within(EPS));
        assertThat(c.weightHeld()).isCloseTo(0.724 / 0.7255, within(EPS));
    }
}
