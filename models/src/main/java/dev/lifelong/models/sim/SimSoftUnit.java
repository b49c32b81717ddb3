package dev.lifelong.models.sim;

import dev.lifelong.core.kernel.FloatKernels;
import dev.lifelong.core.kernel.Kernels;
import dev.lifelong.core.layer.Activation;
import dev.lifelong.core.layer.BceLoss;
import dev.lifelong.core.layer.Mlp;
import dev.lifelong.core.param.DenseParameter;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.ParameterSet;
import dev.lifelong.data.batch.BehaviourSequences;
import dev.lifelong.models.frame.Attended;
import dev.lifelong.models.frame.Embeddings;
import dev.lifelong.models.frame.Ranking;
import dev.lifelong.models.frame.SequenceUnit;
import dev.lifelong.models.frame.Targets;

/**
 * SIM with soft search (Pi et al., CIKM 2020; MODELS.md, {@code sim-soft}): the search unit scores every
 * behaviour with its own projections, {@code r_i = (W_b e_i) . (W_a q)} (computed folded as
 * {@code e_i . W_b (W_a^T q)}), keeps the top {@code gsuSize} by r (ties to the more recent), and the exact unit
 * attends over them with time-gap embeddings, as in {@code sim-hard}. The search projections learn from an
 * auxiliary CTR head on {@code [sum_i r_i e_i ; q]} over the whole sequence, trained jointly (loss = main +
 * auxiliary). No gradient flows through the selection.
 */
public final class SimSoftUnit implements SequenceUnit {

    private static final FloatKernels K = Kernels.get();
    /** Hidden width of the auxiliary head. */
    static final int AUX_HIDDEN = 32;

    private final Embeddings emb;
    private final DenseParameter wa;   // [H, H]
    private final DenseParameter wb;   // [H, H]
    private final Mlp aux;
    private final TimeGapAttention esu;
    private final int gsuSize;
    private final int width;

    public SimSoftUnit(ParameterSet params, String name, Embeddings emb, int heads, int gapDim, int gsuSize) {
        this.emb = emb;
        this.width = emb.width();
        this.gsuSize = gsuSize;
        this.wa = params.glorot(name + ".wa", width, width);
        this.wb = params.glorot(name + ".wb", width, width);
        this.aux = new Mlp(params, name + ".aux", new int[] {2 * width, AUX_HIDDEN, 1}, Activation.Kind.PRELU);
        this.esu = new TimeGapAttention(params, name + ".gap", name + ".esu", emb, heads, gapDim);
    }

    @Override
    public int outDim() {
        return width;
    }

    static final class Workspace {
        final TimeGapAttention.Workspace esu;
        final Mlp.Workspace aux;
        float[] a = new float[0];       // [B, H]  q W_a
        float[] w = new float[0];       // [B, H]  W_b a
        float[] rows = new float[0];    // [sum L, H] behaviour vectors
        float[] r = new float[0];       // [sum L] search scores
        float[] auxIn = new float[0];   // [B, 2H]
        int[] rank = new int[0];
        final Ranking ranking = new Ranking();

        Workspace(TimeGapAttention.Workspace esu, Mlp mlp) {
            this.esu = esu;
            aux = mlp.newWorkspace();
        }
    }

    @Override
    public Attended explain(Object workspace, BehaviourSequences seq, int b) {
        Workspace ws = (Workspace) workspace;
        return new Attended(ws.esu.selectedRows(b), esu.meanWeights(ws.esu, b));
    }

    @Override
    public Object newWorkspace() {
        return new Workspace(esu.newWorkspace(), aux);
    }

    @Override
    public void forward(Targets targets, BehaviourSequences seq, float[] out, Object workspace, boolean training) {
        Workspace ws = (Workspace) workspace;
        int batch = seq.batch();
        int n = seq.rows();
        if (ws.a.length < batch * width) {
            ws.a = new float[batch * width];
            ws.w = new float[batch * width];
            ws.auxIn = new float[batch * 2 * width];
        }
        if (ws.rows.length < n * width) {
            ws.rows = new float[n * width];
            ws.r = new float[n];
        }
        K.gemm(batch, width, width, targets.q(), 0, width, wa.values(), 0, width, ws.a, 0, width, false);
        K.gemmNT(batch, width, width, ws.a, 0, width, wb.values(), 0, width, ws.w, 0, width, false);
        emb.gather(seq.items(), seq.categories(), n, ws.rows);
        int capacity = 0;
        for (int b = 0; b < batch; b++) {
            capacity += Math.min(gsuSize, seq.length(b));
        }
        esu.reserve(ws.esu, batch, capacity);
        int at = 0;
        for (int b = 0; b < batch; b++) {
            int start = seq.start(b);
            int len = seq.length(b);
            for (int i = 0; i < len; i++) {
                ws.r[start + i] = K.dot(ws.rows, (start + i) * width, ws.w, b * width, width);
            }
            if (ws.rank.length < len) {
                ws.rank = new int[len];
            }
            int k = ws.ranking.top(ws.r, start, len, gsuSize, ws.rank);
            java.util.Arrays.sort(ws.rank, 0, k);
            for (int j = 0; j < k; j++) {
                ws.esu.rows[at++] = start + ws.rank[j];
            }
            ws.esu.offsets[b + 1] = at;
        }
        esu.forward(targets.q(), seq, batch, out, ws.esu);
    }

    @Override
    public double auxiliaryLoss(Targets targets, BehaviourSequences seq, float[] labels, int normalizer, float[] dQ,
                                Object workspace, Gradients grads) {
        Workspace ws = (Workspace) workspace;
        int batch = seq.batch();
        int in = 2 * width;
        java.util.Arrays.fill(ws.auxIn, 0, batch * in, 0f);
        for (int b = 0; b < batch; b++) {
            for (int row = seq.start(b); row < seq.start(b + 1); row++) {
                K.axpy(ws.r[row], ws.rows, row * width, ws.auxIn, b * in, width);
            }
            System.arraycopy(targets.q(), b * width, ws.auxIn, b * in + width, width);
        }
        float[] logits = aux.forward(ws.auxIn, batch, ws.aux, dQ != null);
        float[] dLogits = dQ == null ? null : new float[batch];
        double loss = BceLoss.forward(logits, labels, batch, normalizer, dLogits);
        if (dQ == null) {
            return loss;
        }
        float[] dIn = new float[batch * in];
        aux.backward(ws.auxIn, dLogits, batch, dIn, ws.aux, grads);
        float[] dw = new float[batch * width];
        float[] dRow = new float[width];
        for (int b = 0; b < batch; b++) {
            K.axpy(1f, dIn, b * in + width, dQ, b * width, width);
            for (int row = seq.start(b); row < seq.start(b + 1); row++) {
                // s = sum_i r_i e_i, r_i = e_i . w: ds/de_i = r_i, dr_i = dS . e_i, de_i += dr_i w, dw += dr_i e_i
                float dr = K.dot(dIn, b * in, ws.rows, row * width, width);
                java.util.Arrays.fill(dRow, 0f);
                K.axpy(ws.r[row], dIn, b * in, dRow, 0, width);
                K.axpy(dr, ws.w, b * width, dRow, 0, width);
                K.axpy(dr, ws.rows, row * width, dw, b * width, width);
                emb.scatterRow(seq.items()[row], seq.categories()[row], dRow, 0, grads);
            }
        }
        // w = W_b a (w[r] = sum_c W_b[r, c] a[c]), a = q W_a
        float[] da = new float[batch * width];
        K.gemm(batch, width, width, dw, 0, width, wb.values(), 0, width, da, 0, width, false);
        K.gemmTN(width, width, batch, dw, 0, width, ws.a, 0, width, grads.of(wb), 0, width, true);
        K.gemmTN(width, width, batch, targets.q(), 0, width, da, 0, width, grads.of(wa), 0, width, true);
        K.gemmNT(batch, width, width, da, 0, width, wa.values(), 0, width, dQ, 0, width, true);
        return loss;
    }

    @Override
    public void backward(Targets targets, BehaviourSequences seq, float[] dOut, float[] dQ, Object workspace,
                         Gradients grads) {
        esu.backward(targets.q(), seq, dOut, dQ, ((Workspace) workspace).esu, grads);
    }
}
