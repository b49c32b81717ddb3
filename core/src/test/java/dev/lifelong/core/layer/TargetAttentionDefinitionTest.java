package dev.lifelong.core.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lifelong.core.param.ParameterSet;
import dev.lifelong.core.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * The folded computation in {@link TargetAttention} must be the textbook definition: project Q, K and V per
 * head, softmax of scaled dot products over valid rows, weighted sum of V, output projection. Computed here
 * naively in double and compared.
 */
class TargetAttentionDefinitionTest {

    @Test
    void foldedAttentionEqualsExplicitProjections() {
        int dq = 6, d = 10, heads = 3, dk = 4, outDim = 5;
        ParameterSet ps = new ParameterSet(77);
        TargetAttention ta = new TargetAttention(ps, "ta", dq, d, heads, dk, outDim);
        Rng rng = new Rng(78);
        int[] lengths = {4, 1, 0, 33, 17};
        int[] off = Fixtures.offsets(lengths);
        int batch = lengths.length;
        float[] q = Fixtures.uniform(rng, batch * dq, 2);
        float[] s = Fixtures.uniform(rng, off[batch] * d, 2);
        boolean[] valid = new boolean[off[batch]];
        for (int i = 0; i < valid.length; i++) {
            valid[i] = rng.nextInt(5) != 0;
        }
        float[] out = new float[batch * outDim];
        ta.forward(q, new JaggedRows(s, d, off, batch, valid), out, ta.newWorkspace());

        float[] wq = ps.get("ta.wq").values();
        float[] wk = ps.get("ta.wk").values();
        float[] wv = ps.get("ta.wv").values();
        float[] wo = ps.get("ta.wo").values();
        int hk = heads * dk;
        for (int b = 0; b < batch; b++) {
            double[] concat = new double[hk];
            for (int j = 0; j < heads; j++) {
                double[] qj = new double[dk];
                for (int c = 0; c < dk; c++) {
                    for (int x = 0; x < dq; x++) {
                        qj[c] += q[b * dq + x] * wq[x * hk + j * dk + c];
                    }
                }
                int len = lengths[b];
                double[] logit = new double[len];
                double[][] v = new double[len][dk];
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < len; i++) {
                    int row = off[b] + i;
                    double dot = 0;
                    for (int c = 0; c < dk; c++) {
                        double kc = 0;
                        double vc = 0;
                        for (int x = 0; x < d; x++) {
                            kc += s[row * d + x] * wk[x * hk + j * dk + c];
                            vc += s[row * d + x] * wv[x * hk + j * dk + c];
                        }
                        dot += qj[c] * kc;
                        v[i][c] = vc;
                    }
                    logit[i] = dot / Math.sqrt(dk);
                    if (valid[row]) {
                        max = Math.max(max, logit[i]);
                    }
                }
                double z = 0;
                double[] w = new double[len];
                for (int i = 0; i < len; i++) {
                    w[i] = valid[off[b] + i] ? Math.exp(logit[i] - max) : 0;
                    z += w[i];
                }
                for (int i = 0; i < len; i++) {
                    for (int c = 0; c < dk; c++) {
                        concat[j * dk + c] += z == 0 ? 0 : w[i] / z * v[i][c];
                    }
                }
            }
            for (int o = 0; o < outDim; o++) {
                double y = 0;
                for (int c = 0; c < hk; c++) {
                    y += concat[c] * wo[c * outDim + o];
                }
                assertThat(out[b * outDim + o]).as("sample %d output %d", b, o).isCloseTo((float) y, within(1e-4f));
            }
        }
    }

    /**
     * Serving's attention over scattered rows: a row counted c times weighs as its c copies do. Compared with
     * attention over the expanded rows (the copies written out, in another order).
     */
    @Test
    void aRowCountedCTimesWeighsAsItsCCopies() {
        int d = 10, heads = 3, dk = 4, hk = heads * dk;
        TargetAttention ta = new TargetAttention(new ParameterSet(81), "ta", 6, d, heads, dk, 5);
        Rng rng = new Rng(82);
        int distinct = 7;
        float[] table = Fixtures.uniform(rng, distinct * d, 2);
        float[] keys = new float[distinct * hk];
        float[] values = new float[distinct * hk];
        ta.projectRows(table, distinct, keys, values, 0);
        ta.toRowLayout(keys, 0, distinct);
        float[] q = Fixtures.uniform(rng, hk, 2);
        ta.toRowLayout(q, 0, 1);
        int[] multiplicity = {1, 4, 2, 1, 9, 3, 1};
        float[][] keyRows = new float[distinct][];
        float[][] valueRows = new float[distinct][];
        int[] offsets = new int[distinct];
        int expanded = 0;
        for (int i = 0; i < distinct; i++) {
            keyRows[i] = keys;
            valueRows[i] = values;
            offsets[i] = i * hk;
            expanded += multiplicity[i];
        }
        float[] grouped = new float[hk];
        ta.attendRows(q, 0, keyRows, valueRows, offsets, multiplicity, distinct, grouped, 0,
                new float[ta.rowScores(distinct)]);

        float[][] eKeys = new float[expanded][];
        float[][] eValues = new float[expanded][];
        int[] eOffsets = new int[expanded];
        int at = 0;
        for (int c = 0; c < 9; c++) {     // copies interleaved: order must not matter
            for (int i = 0; i < distinct; i++) {
                if (c < multiplicity[i]) {
                    eKeys[at] = keys;
                    eValues[at] = values;
                    eOffsets[at++] = i * hk;
                }
            }
        }
        float[] repeated = new float[hk];
        ta.attendRows(q, 0, eKeys, eValues, eOffsets, null, expanded, repeated, 0, new float[ta.rowScores(expanded)]);
        for (int c = 0; c < hk; c++) {
            assertThat(grouped[c]).as("component %d", c).isCloseTo(repeated[c], within(1e-5f));
        }
        // and not what the rows once each give
        float[] once = new float[hk];
        ta.attendRows(q, 0, keyRows, valueRows, offsets, null, distinct, once, 0, new float[ta.rowScores(distinct)]);
        double diff = 0;
        for (int c = 0; c < hk; c++) {
            diff += Math.abs(once[c] - grouped[c]);
        }
        assertThat(diff).isGreaterThan(1e-3);
    }
}
