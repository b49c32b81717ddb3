package dev.lifelong.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AucTest {

    @Test
    void perfectReversedTiedAndDegenerate() {
        float[] y = {0, 0, 1, 1};
        assertThat(Auc.of(new float[] {0.1f, 0.2f, 0.8f, 0.9f}, y, 4)).isEqualTo(1.0);
        assertThat(Auc.of(new float[] {0.9f, 0.8f, 0.2f, 0.1f}, y, 4)).isEqualTo(0.0);
        assertThat(Auc.of(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, y, 4)).isEqualTo(0.5);
        assertThat(Auc.of(new float[] {0.1f, 0.2f}, new float[] {1, 1}, 2)).isNaN();
    }

    @Test
    void tiesAcrossClassesCountHalf() {
        // Pairs (pos, neg): (0.5 vs 0.5) = 0.5, (0.5 vs 0.1) = 1, (0.9 vs 0.5) = 1, (0.9 vs 0.1) = 1 -> 3.5 / 4.
        float[] s = {0.5f, 0.1f, 0.5f, 0.9f};
        float[] y = {0, 0, 1, 1};
        assertThat(Auc.of(s, y, 4)).isCloseTo(0.875, within(1e-12));
    }
}
