package dev.lifelong.core.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lifelong.core.param.ParameterSet;
import dev.lifelong.core.random.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Serving's two forms of attention over projected rows agree: many queries over shared rows (keys transposed
 * and padded to whole vector tiles, {@link TargetAttention#attendShared}) and one query over rows that lie apart
 * ({@link TargetAttention#attendRows}), for row counts around the padding's edges and none.
 */
class TargetAttentionServingFormsTest {

    /** Shapes whose rows the vector kernels read interleaved (4 heads of 8 or 16, 2 of 4, 8 of 2) and one they do not. */
    @ParameterizedTest
    @CsvSource({"4, 8", "4, 16", "2, 4", "8, 2", "3, 8"})
    void sharedRowsGiveWhatEachQueryOverTheSameRowsGives(int heads, int dk) {
        int d = 12;
        int hk = heads * dk;
        TargetAttention ta = new TargetAttention(new ParameterSet(5), "ta", d, d, heads, dk, 6);
        Rng rng = new Rng(6);
        for (int n : new int[] {0, 1, 5, 15, 16, 17, 50, 64, 130}) {
            float[] rows = Fixtures.uniform(rng, Math.max(n, 1) * d, 2);
            float[] keys = new float[n * hk];
            float[] values = new float[n * hk];
            ta.projectRows(rows, n, keys, values, 0);
            TargetAttention.SharedRows shared = ta.shareRows(keys, values, n);
            assertThat(shared.rows()).isEqualTo(n);
            assertThat(shared.scoresPerQuery()).isGreaterThanOrEqualTo(n);
            int batch = 7;
            float[] q = Fixtures.uniform(rng, batch * hk + 3, 2);
            float[] o = new float[batch * hk + 2];
            ta.attendShared(q, 3, batch, shared, o, 2, new float[batch * shared.scoresPerQuery()]);

            // attendRows reads queries and keys in its own layout
            float[] rowKeys = keys.clone();
            ta.toRowLayout(rowKeys, 0, n);
            float[] rowQueries = q.clone();
            ta.toRowLayout(rowQueries, 3, batch);
            float[][] keyRows = new float[n][];
            float[][] valueRows = new float[n][];
            int[] offsets = new int[n];
            for (int i = 0; i < n; i++) {
                keyRows[i] = rowKeys;
                valueRows[i] = values;
                offsets[i] = i * hk;
            }
            for (int b = 0; b < batch; b++) {
                float[] expected = new float[hk];
                ta.attendRows(rowQueries, 3 + b * hk, keyRows, valueRows, offsets, null, n, expected, 0,
                        new float[ta.rowScores(n)]);
                for (int c = 0; c < hk; c++) {
                    assertThat(o[2 + b * hk + c]).as("n %d query %d element %d", n, b, c)
                            .isCloseTo(expected[c], within(1e-5f));
                }
            }
        }
    }
}
