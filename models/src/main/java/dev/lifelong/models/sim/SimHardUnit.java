package dev.lifelong.models.sim;

import dev.lifelong.core.layer.JaggedRows;
import dev.lifelong.core.layer.TargetAttention;
import dev.lifelong.core.param.EmbeddingTable;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.ParameterSet;
import dev.lifelong.data.batch.BehaviourSequences;
import dev.lifelong.data.batch.CrossFeatures;
import dev.lifelong.models.frame.Attended;
import dev.lifelong.models.frame.Embeddings;
import dev.lifelong.models.frame.SequenceUnit;
import dev.lifelong.models.frame.Targets;

/**
 * SIM with hard search (Pi et al., CIKM 2020; MODELS.md, {@code sim-hard}): the General Search Unit keeps the
 * behaviours whose category equals the target's, most recent first, at most {@code gsuSize}; the Exact Search
 * Unit is multi-head target attention over them, each behaviour concatenated with an embedding of its time gap
 * to the target ({@code [H + crossDim]}). Output {@code [B, H]}.
 */
public final class SimHardUnit implements SequenceUnit {

    private final Embeddings emb;
    private final EmbeddingTable gapEmbedding;
    private final TargetAttention attention;
    private final int gsuSize;
    private final int keyWidth;

    public SimHardUnit(ParameterSet params, String name, Embeddings emb, int heads, int gapDim, int gsuSize) {
        this.emb = emb;
        this.gsuSize = gsuSize;
        this.gapEmbedding = params.embedding(name + ".gap", CrossFeatures.GAP_BUCKETS, gapDim, 0.05);
        this.keyWidth = emb.width() + gapDim;
        int d = emb.width();
        this.attention = new TargetAttention(params, name, d, keyWidth, heads, d / heads, d);
    }

    @Override
    public int outDim() {
        return emb.width();
    }

    /** Per-worker buffers; {@link #selectedRows} reports what the search unit kept. */
    public static final class Workspace {
        final TargetAttention.Workspace attention;
        int[] offsets = new int[1];
        int[] rows = new int[0];
        float[] keys = new float[0];
        float[] dKeys = new float[0];
        JaggedRows jagged;

        Workspace(TargetAttention ta) {
            attention = ta.newWorkspace();
        }

        public int[] selectedRows(int b) {
            return java.util.Arrays.copyOfRange(rows, offsets[b], offsets[b + 1]);
        }
    }

    @Override
    public Attended explain(Object workspace, BehaviourSequences seq, int b) {
        Workspace ws = (Workspace) workspace;
        return new Attended(ws.selectedRows(b), attention.meanWeights(ws.attention, ws.jagged, b));
    }

    @Override
    public Object newWorkspace() {
        return new Workspace(attention);
    }

    @Override
    public void forward(Targets targets, BehaviourSequences seq, float[] out, Object workspace, boolean training) {
        Workspace ws = (Workspace) workspace;
        int batch = seq.batch();
        if (ws.offsets.length < batch + 1) {
            ws.offsets = new int[batch + 1];
        }
        if (ws.rows.length < batch * gsuSize) {
            ws.rows = new int[batch * gsuSize];
        }
        int at = 0;
        for (int b = 0; b < batch; b++) {
            int category = targets.categories()[b];
            int from = at;
            for (int r = seq.start(b + 1) - 1; r >= seq.start(b) && at - from < gsuSize; r--) {
                if (seq.categories()[r] == category && category != 0) {
                    ws.rows[at++] = r;
                }
            }
            reverse(ws.rows, from, at);
            ws.offsets[b + 1] = at;
        }
        if (ws.keys.length < at * keyWidth) {
            ws.keys = new float[at * keyWidth];
            ws.dKeys = new float[at * keyWidth];
        }
        int gd = gapEmbedding.dim();
        for (int i = 0; i < at; i++) {
            int r = ws.rows[i];
            emb.gatherRow(seq.items()[r], seq.categories()[r], ws.keys, i * keyWidth);
            System.arraycopy(gapEmbedding.values(), seq.gapBuckets()[r] * gd, ws.keys, i * keyWidth + emb.width(), gd);
        }
        ws.jagged = new JaggedRows(ws.keys, keyWidth, ws.offsets, batch, null);
        attention.forward(targets.q(), ws.jagged, out, ws.attention);
    }

    private static void reverse(int[] a, int from, int to) {
        for (int i = from, j = to - 1; i < j; i++, j--) {
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    @Override
    public void backward(Targets targets, BehaviourSequences seq, float[] dOut, float[] dQ, Object workspace,
                         Gradients grads) {
        Workspace ws = (Workspace) workspace;
        int n = ws.offsets[seq.batch()];
        java.util.Arrays.fill(ws.dKeys, 0, n * keyWidth, 0f);
        attention.backward(targets.q(), ws.jagged, dOut, dQ, ws.dKeys, ws.attention, grads);
        var gapGrad = grads.of(gapEmbedding);
        for (int i = 0; i < n; i++) {
            int r = ws.rows[i];
            emb.scatterRow(seq.items()[r], seq.categories()[r], ws.dKeys, i * keyWidth, grads);
            gapGrad.accumulate(seq.gapBuckets()[r], ws.dKeys, i * keyWidth + emb.width(), 1f);
        }
    }
}
