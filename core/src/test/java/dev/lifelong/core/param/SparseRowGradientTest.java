package dev.lifelong.core.param;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SparseRowGradientTest {

    @Test
    void accumulatesPerDistinctRowThroughGrowthAndClears() {
        SparseRowGradient g = new SparseRowGradient(2);
        Map<Integer, float[]> expected = new HashMap<>();
        SplittableRandom rnd = new SplittableRandom(1);
        for (int round = 0; round < 3; round++) {
            expected.clear();
            for (int i = 0; i < 5000; i++) {
                int row = rnd.nextInt(3000);
                float[] v = {(float) rnd.nextDouble(), (float) rnd.nextDouble()};
                g.accumulate(row, v, 0, 2f);
                if (row != 0) {
                    float[] e = expected.computeIfAbsent(row, k -> new float[2]);
                    e[0] += 2f * v[0];
                    e[1] += 2f * v[1];
                }
            }
            assertThat(g.rowCount()).isEqualTo(expected.size());
            for (int s = 0; s < g.rowCount(); s++) {
                float[] e = expected.get(g.rows()[s]);
                assertThat(g.values()[2 * s]).isEqualTo(e[0]);
                assertThat(g.values()[2 * s + 1]).isEqualTo(e[1]);
            }
            g.clear();
            assertThat(g.rowCount()).isZero();
        }
    }

    @Test
    void gradientsOfShardsSumInShardOrder() {
        ParameterSet ps = new ParameterSet(1);
        EmbeddingTable t = ps.embedding("t", 10, 1, 0.1);
        DenseParameter w = ps.constant("w", 2, 0f);
        Gradients a = ps.newGradients();
        Gradients b = ps.newGradients();
        a.of(t).accumulate(3, new float[] {1f}, 0, 1f);
        b.of(t).accumulate(5, new float[] {2f}, 0, 1f);
        b.of(t).accumulate(3, new float[] {4f}, 0, 1f);
        b.of(w)[1] = 7f;
        a.addFrom(b);
        assertThat(a.of(t).rowCount()).isEqualTo(2);
        assertThat(a.of(t).rows()[0]).isEqualTo(3);
        assertThat(a.of(t).values()[0]).isEqualTo(5f);
        assertThat(a.of(t).values()[1]).isEqualTo(2f);
        assertThat(a.of(w)[1]).isEqualTo(7f);
        assertThat(a.squaredNorm()).isEqualTo(25 + 4 + 49);
    }

    @Test
    void namesAreUniqueAndUnknownNamesListTheKnownOnes() {
        ParameterSet ps = new ParameterSet(1);
        ps.constant("w", 1, 0f);
        assertThatThrownBy(() -> ps.constant("w", 1, 0f)).hasMessageContaining("duplicate parameter name: w");
        assertThatThrownBy(() -> ps.get("v")).hasMessageContaining("known: [w]");
    }

    @Test
    void initialisationIsSeededPerParameterAndPaddingIsZero() {
        ParameterSet a = new ParameterSet(5);
        a.constant("first", 3, 0f);
        EmbeddingTable ta = a.embedding("items", 4, 3, 1.0);
        ParameterSet b = new ParameterSet(5);
        EmbeddingTable tb = b.embedding("items", 4, 3, 1.0);
        assertThat(ta.values()).isEqualTo(tb.values());
        assertThat(java.util.Arrays.copyOf(ta.values(), 3)).containsOnly(0f);
        assertThat(new ParameterSet(6).embedding("items", 4, 3, 1.0).values()).isNotEqualTo(ta.values());
    }
}
