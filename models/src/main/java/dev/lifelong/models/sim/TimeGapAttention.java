package dev.lifelong.models.sim;

import dev.lifelong.core.layer.JaggedRows;
import dev.lifelong.core.layer.TargetAttention;
import dev.lifelong.core.param.EmbeddingTable;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.ParameterSet;
import dev.lifelong.data.batch.BehaviourSequences;
import dev.lifelong.data.batch.CrossFeatures;
import dev.lifelong.models.frame.Embeddings;

/**
 * SIM's Exact Search Unit: multi-head target attention over the behaviours a search unit selected, each
 * behaviour concatenated with an embedding of its time gap to the target ({@code [H + gapDim]}). Shared by
 * {@code sim-hard} and {@code sim-soft}, whose search units differ.
 */
final class TimeGapAttention {

    private final Embeddings emb;
    private final EmbeddingTable gapEmbedding;
    private final TargetAttention attention;
    private final int keyWidth;

    TimeGapAttention(ParameterSet params, String gapName, String attentionName, Embeddings emb, int heads,
                     int gapDim) {
        this.emb = emb;
        this.gapEmbedding = params.embedding(gapName, CrossFeatures.GAP_BUCKETS, gapDim, 0.05);
        this.keyWidth = emb.width() + gapDim;
        int d = emb.width();
        this.attention = new TargetAttention(params, attentionName, d, keyWidth, heads, d / heads, d);
    }

    /** The selected rows of a batch (positions in the sequence arrays, per sample in {@code offsets}). */
    static final class Workspace {
        final TargetAttention.Workspace attention;
        int[] rows = new int[0];
        int[] offsets = new int[1];
        float[] keys = new float[0];
        float[] dKeys = new float[0];
        JaggedRows jagged;

        Workspace(TargetAttention ta) {
            attention = ta.newWorkspace();
        }

        int[] selectedRows(int b) {
            return java.util.Arrays.copyOfRange(rows, offsets[b], offsets[b + 1]);
        }
    }

    Workspace newWorkspace() {
        return new Workspace(attention);
    }

    /** Room for {@code selected} rows in a batch of {@code batch}. */
    void reserve(Workspace ws, int batch, int selected) {
        if (ws.offsets.length < batch + 1) {
            ws.offsets = new int[batch + 1];
        }
        if (ws.rows.length < selected) {
            ws.rows = new int[selected];
        }
    }

    /** Attends from {@code q} over {@code ws.rows} (filled by the search unit, grouped by {@code ws.offsets}). */
    void forward(float[] q, BehaviourSequences seq, int batch, float[] out, Workspace ws) {
        int n = ws.offsets[batch];
        if (ws.keys.length < n * keyWidth) {
            ws.keys = new float[n * keyWidth];
            ws.dKeys = new float[n * keyWidth];
        }
        for (int i = 0; i < n; i++) {
            keyRow(seq, ws.rows[i], ws.keys, i * keyWidth);
        }
        ws.jagged = new JaggedRows(ws.keys, keyWidth, ws.offsets, batch, null);
        attention.forward(q, ws.jagged, out, ws.attention);
    }

    void backward(float[] q, BehaviourSequences seq, float[] dOut, float[] dQ, Workspace ws, Gradients grads) {
        int n = ws.offsets[seq.batch()];
        java.util.Arrays.fill(ws.dKeys, 0, n * keyWidth, 0f);
        attention.backward(q, ws.jagged, dOut, dQ, ws.dKeys, ws.attention, grads);
        var gapGrad = grads.of(gapEmbedding);
        for (int i = 0; i < n; i++) {
            int r = ws.rows[i];
            emb.scatterRow(seq.items()[r], seq.categories()[r], ws.dKeys, i * keyWidth, grads);
            gapGrad.accumulate(seq.gapBuckets()[r], ws.dKeys, i * keyWidth + emb.width(), 1f);
        }
    }

    TargetAttention attention() {
        return attention;
    }

    int keyWidth() {
        return keyWidth;
    }

    /** Behaviour {@code r}'s key row {@code [item ; category ; gap]} into {@code out[off ..]}. */
    void keyRow(BehaviourSequences seq, int r, float[] out, int off) {
        int gd = gapEmbedding.dim();
        emb.gatherRow(seq.items()[r], seq.categories()[r], out, off);
        System.arraycopy(gapEmbedding.values(), seq.gapBuckets()[r] * gd, out, off + emb.width(), gd);
    }

    /** An item's share of a key row, {@code [item ; category ; 0]}, into {@code out[off ..]} (its gap part zeroed). */
    void itemPart(int item, int category, float[] out, int off) {
        emb.gatherRow(item, category, out, off);
        java.util.Arrays.fill(out, off + emb.width(), off + keyWidth, 0f);
    }

    /** A gap bucket's share of a key row, {@code [0 ; gap]}, into {@code out[off ..]}. */
    void gapPart(int bucket, float[] out, int off) {
        int gd = gapEmbedding.dim();
        java.util.Arrays.fill(out, off, off + emb.width(), 0f);
        System.arraycopy(gapEmbedding.values(), bucket * gd, out, off + emb.width(), gd);
    }

    float[] meanWeights(Workspace ws, int b) {
        return attention.meanWeights(ws.attention, ws.jagged, b);
    }
}
