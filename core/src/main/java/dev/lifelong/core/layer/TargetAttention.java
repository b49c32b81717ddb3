package dev.lifelong.core.layer;

import dev.lifelong.core.kernel.FloatKernels;
import dev.lifelong.core.kernel.HeadLayout;
import dev.lifelong.core.kernel.Kernels;
import dev.lifelong.core.param.DenseParameter;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.ParameterSet;

/**
 * Multi-head target attention (MODELS.md, "Shared frame"): for head j, {@code Q = q W_j^Q},
 * {@code K = S W_j^K}, {@code V = S W_j^V}, weights {@code softmax(Q K^T / sqrt(d_k))} over the valid rows
 * only, output {@code concat_j(weights V) W^O}. Query {@code [B, dq]}, keys and values a jagged batch
 * {@code [sum L_b, d]}; an empty or fully masked sequence yields zeros and zero gradients.
 *
 * <p>The keys and values are never projected row by row. Since {@code Q_j . (S_i W_j^K) = S_i . (W_j^K Q_j)},
 * the query is folded into key space once per sample ({@code u_j = W_j^K Q_j}, {@code [h, d]}), and since
 * {@code sum_i p_i S_i W_j^V = (sum_i p_i S_i) W_j^V}, the rows are pooled before the value projection. Per
 * behaviour the cost is {@code 2 h d} multiply-adds each way instead of {@code 2 d h d_k + 2 h d_k}: the same
 * function, computed the way TWIN's paper computes its GSU. Per sample, scores are {@code [h, d] x [L, d]^T}
 * against the sequence's rows as they lie.
 */
public final class TargetAttention {

    private static final FloatKernels K = Kernels.get();

    private final int queryDim;
    private final int keyDim;
    private final int heads;
    private final int headDim;
    private final int outDim;
    private final float scale;
    private final DenseParameter wq;
    private final DenseParameter wk;
    private final DenseParameter wv;
    private final DenseParameter wo;
    /** Where {@link #attendRows} reads each float of a query or key row (null: the plain layout). */
    private final int[] rowLayout;

    /**
     * @param queryDim width of the query (the target vector)
     * @param keyDim   width of a sequence row (the behaviour vector)
     * @param heads    number of heads
     * @param headDim  query/key/value width per head
     * @param outDim   output width
     */
    public TargetAttention(ParameterSet params, String name, int queryDim, int keyDim, int heads, int headDim,
                           int outDim) {
        if (queryDim < 1 || keyDim < 1 || heads < 1 || headDim < 1 || outDim < 1) {
            throw new IllegalArgumentException(name + ": attention dimensions must be >= 1");
        }
        this.queryDim = queryDim;
        this.keyDim = keyDim;
        this.heads = heads;
        this.headDim = headDim;
        this.outDim = outDim;
        this.scale = (float) (1.0 / Math.sqrt(headDim));
        this.rowLayout = HeadLayout.permutation(K.headDotLanes(heads, headDim), heads, headDim);
        int hk = heads * headDim;
        this.wq = params.glorot(name + ".wq", queryDim, hk);
        this.wk = params.glorot(name + ".wk", keyDim, hk);
        this.wv = params.glorot(name + ".wv", keyDim, hk);
        this.wo = params.glorot(name + ".wo", hk, outDim);
    }

    public int outDim() {
        return outDim;
    }

    public int heads() {
        return heads;
    }

    /** Per-worker activations, kept from forward for backward. */
    public static final class Workspace {
        float[] q;      // [B, h*dk]
        float[] u;      // [B, h, d]   query folded into key space
        float[] p;      // per sample [h, L] at row0 * h: attention weights
        float[] sbar;   // [B, h, d]   weight-pooled rows
        float[] o;      // [B, h*dk]
        float[] dO;
        float[] dSbar;
        float[] dP;
        float[] dU;
        float[] dQ;
    }

    public Workspace newWorkspace() {
        return new Workspace();
    }

    /**
     * The attention weight of row {@code row} (absolute, in sample {@code b}) under head {@code head}, from the
     * last forward pass on {@code ws}: what an explanation reports.
     */
    public float weight(Workspace ws, JaggedRows seq, int b, int head, int row) {
        int r0 = seq.start(b);
        return ws.p[heads * r0 + head * seq.length(b) + (row - r0)];
    }

    /** Attention weights of sample b's rows averaged over heads, from the last forward pass on {@code ws}. */
    public float[] meanWeights(Workspace ws, JaggedRows seq, int b) {
        int len = seq.length(b);
        int p0 = heads * seq.start(b);
        float[] w = new float[len];
        for (int j = 0; j < heads; j++) {
            for (int i = 0; i < len; i++) {
                w[i] += ws.p[p0 + j * len + i] / heads;
            }
        }
        return w;
    }

    /** {@code out[B, outDim]} = attention of each query over its sample's rows. */
    public void forward(float[] query, JaggedRows seq, float[] out, Workspace ws) {
        checkShapes(seq);
        int batch = seq.batch();
        int hk = heads * headDim;
        int hd = heads * keyDim;
        int d = keyDim;
        int rows = seq.endRow();
        float[] s = seq.values();
        ws.q = Scratch.ensure(ws.q, batch * hk);
        ws.u = Scratch.ensure(ws.u, batch * hd);
        ws.p = Scratch.ensure(ws.p, rows * heads);
        ws.sbar = Scratch.ensure(ws.sbar, batch * hd);
        ws.o = Scratch.ensure(ws.o, batch * hk);

        K.gemm(batch, hk, queryDim, query, 0, queryDim, wq.values(), 0, hk, ws.q, 0, hk, false);
        for (int j = 0; j < heads; j++) {
            K.gemmNT(batch, d, headDim, ws.q, j * headDim, hk, wk.values(), j * headDim, hk, ws.u, j * d, hd, false);
        }
        for (int b = 0; b < batch; b++) {
            int r0 = seq.start(b);
            int len = seq.length(b);
            if (len == 0) {
                java.util.Arrays.fill(ws.sbar, b * hd, (b + 1) * hd, 0f);
                continue;
            }
            int st0 = r0 * d;
            int p0 = heads * r0;
            // [h, d] x [L, d]^T: a few rows against the sequence's rows as they lie, no transposed copy.
            K.gemmNT(heads, len, d, ws.u, b * hd, d, s, st0, d, ws.p, p0, len, false);
            K.scale(scale, ws.p, p0, heads * len);
            for (int j = 0; j < heads; j++) {
                K.softmax(ws.p, p0 + j * len, len, seq.valid(), r0);
            }
            K.gemm(heads, d, len, ws.p, p0, len, s, st0, d, ws.sbar, b * hd, d, false);
        }
        for (int j = 0; j < heads; j++) {
            K.gemm(batch, headDim, d, ws.sbar, j * d, hd, wv.values(), j * headDim, hk, ws.o, j * headDim, hk, false);
        }
        K.gemm(batch, outDim, hk, ws.o, 0, hk, wo.values(), 0, outDim, out, 0, outDim, false);
    }

    // Serving form. With frozen parameters and one history shared by many queries, projecting each row once
    // (keys and values, h * d_k wide) is cheaper than folding every query into key space: per query and row
    // it leaves 2 h d_k multiply-adds instead of 2 h d. Same function as forward, rounded differently.

    public int headDim() {
        return headDim;
    }

    /** {@code 1 / sqrt(d_k)}, the logits' scale. */
    public float scale() {
        return scale;
    }

    /**
     * Keys and values of {@code n} rows ({@code [n, keyDim]}) into {@code keys} and {@code values} from row
     * {@code at} on ({@code [*, h d_k]}).
     */
    public void projectRows(float[] rows, int n, float[] keys, float[] values, int at) {
        int hk = heads * headDim;
        K.gemm(n, hk, keyDim, rows, 0, keyDim, wk.values(), 0, hk, keys, at * hk, hk, false);
        K.gemm(n, hk, keyDim, rows, 0, keyDim, wv.values(), 0, hk, values, at * hk, hk, false);
    }

    /** {@code Q = query W^Q}: {@code [batch, queryDim]} to {@code [batch, h d_k]}. */
    public void projectQueries(float[] query, int batch, float[] q) {
        int hk = heads * headDim;
        K.gemm(batch, hk, queryDim, query, 0, queryDim, wq.values(), 0, hk, q, 0, hk, false);
    }

    /** {@code out = o W^O}: the heads' pooled values {@code [batch, h d_k]} to {@code [batch, outDim]}. */
    public void projectOutput(float[] o, int batch, float[] out) {
        int hk = heads * headDim;
        K.gemm(batch, outDim, hk, o, 0, hk, wo.values(), 0, outDim, out, 0, outDim, false);
    }

    /**
     * {@code W^O B} for the linear map {@code b[bo ..)} ({@code [outDim, n]}, rows {@code ldb} apart) that follows
     * this unit's output: {@code o (W^O B)} is {@code (o W^O) B} with the output projection folded in, one
     * product per row instead of two when {@code B} is fixed. {@code [h d_k, n]}.
     */
    public float[] foldOutput(float[] b, int bo, int ldb, int n) {
        int hk = heads * headDim;
        float[] folded = new float[hk * n];
        K.gemm(hk, n, outDim, wo.values(), 0, outDim, b, bo, ldb, folded, 0, n, false);
        return folded;
    }

    /** The width of a query's projection, {@code h d_k}. */
    public int queryWidth() {
        return heads * headDim;
    }

    /**
     * Projected rows that many queries attend to ({@link #attendShared}), their keys laid out once for that: per
     * head transposed ({@code [d_k, width]}), so each head's scores for a batch of queries are one plain GEMM,
     * and padded with zero columns to whole vector tiles of the GEMM ({@link FloatKernels#columnBlock}), which
     * would otherwise finish the last few columns one float at a time. The padding's scores are never read.
     */
    public final class SharedRows {
        private final float[][] keysT;
        private final float[] values;
        private final int n;
        private final int width;
        private final float[] logCounts;   // ln c per row standing for c alike rows; null: one each

        private SharedRows(float[] keys, float[] values, int n, float[] logCounts) {
            int hk = heads * headDim;
            int block = K.columnBlock();
            this.n = n;
            this.width = (n + block - 1) / block * block;
            this.values = values;
            this.logCounts = logCounts;
            this.keysT = new float[heads][headDim * width];
            for (int j = 0; j < heads; j++) {
                float[] t = keysT[j];
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < headDim; c++) {
                        t[c * width + i] = keys[i * hk + j * headDim + c];
                    }
                }
            }
        }

        /** Rows attended to. */
        public int rows() {
            return n;
        }

        /** Floats of scores one query needs: the padded row count. */
        public int scoresPerQuery() {
            return width;
        }
    }

    /** {@code n} projected rows' keys and values ({@code [n, h d_k]} each, as {@link #projectRows} writes them). */
    public SharedRows shareRows(float[] keys, float[] values, int n) {
        return new SharedRows(keys, values, n, null);
    }

    /**
     * {@code n} distinct rows, row i standing for {@code counts[i]} alike rows of a sequence that repeats itself:
     * attention over them weighs row i as its c copies would, {@code c exp(s) = exp(s + ln c)}, so the queries
     * attend over the distinct rows alone (the same function, rounded differently).
     */
    public SharedRows shareRows(float[] keys, float[] values, int n, int[] counts) {
        float[] logCounts = new float[n];
        for (int i = 0; i < n; i++) {
            logCounts[i] = (float) Math.log(counts[i]);
        }
        return new SharedRows(keys, values, n, logCounts);
    }

    /**
     * Every query of {@code q[qo ..)} ({@code [batch, h d_k]}) over the same rows: to {@code o[oo ..)}
     * ({@code [batch, h d_k]}) the heads' softmax-weighted values, zeros when there are no rows. {@code scores}
     * holds {@code batch * rows.scoresPerQuery()} floats.
     */
    public void attendShared(float[] q, int qo, int batch, SharedRows rows, float[] o, int oo, float[] scores) {
        int hk = heads * headDim;
        int n = rows.n;
        int w = rows.width;
        if (n == 0) {
            java.util.Arrays.fill(o, oo, oo + batch * hk, 0f);
            return;
        }
        for (int j = 0; j < heads; j++) {
            int h0 = j * headDim;
            K.gemm(batch, w, headDim, q, qo + h0, hk, rows.keysT[j], 0, w, scores, 0, w, false);
            K.scale(scale, scores, 0, batch * w);
            for (int b = 0; b < batch; b++) {
                if (rows.logCounts != null) {
                    K.axpy(1f, rows.logCounts, 0, scores, b * w, n);
                }
                K.softmax(scores, b * w, n, null, 0);
            }
            K.gemm(batch, headDim, n, scores, 0, w, rows.values, h0, hk, o, oo + h0, hk, false);
        }
    }

    /**
     * Rewrites {@code n} projected queries or keys ({@code h d_k} floats each) from {@code a[offset]} on into
     * the layout {@link #attendRows} reads ({@link HeadLayout}, the kernels' choice for these heads; values stay
     * plain).
     */
    public void toRowLayout(float[] a, int offset, int n) {
        HeadLayout.fromPlain(rowLayout, a, offset, n);
    }

    /**
     * One query ({@code q[qo ..)}, {@code h d_k} wide) over {@code n} projected rows that lie apart: row i's key
     * and value start at {@code offsets[i]} of {@code keys[i]} and {@code values[i]}'s arrays. The query and
     * the keys are in the layout of {@link #toRowLayout}, the values plain. Writes the heads' pooled values to
     * {@code o[oo ..)}; {@code scores} holds {@link #rowScores rowScores(n)} floats.
     *
     * @param multiplicity how many identical rows row i stands for (null: one each). A row counted c times
     *                     weighs as its c copies would, c exp(s) = exp(s + ln c), so attention over a sequence
     *                     that repeats itself runs over its distinct rows.
     */
    public void attendRows(float[] q, int qo, float[][] keys, float[][] values, int[] offsets, int[] multiplicity,
                           int n, float[] o, int oo, float[] scores) {
        if (n == 0) {
            java.util.Arrays.fill(o, oo, oo + heads * headDim, 0f);
            return;
        }
        K.attendRows(q, qo, keys, values, offsets, multiplicity, n, heads, headDim, scale, o, oo, scores);
    }

    /** The {@code scores} scratch {@link #attendRows} needs for up to {@code n} rows. */
    public int rowScores(int n) {
        return K.attendRowsScratch(n, heads);
    }

    /**
     * Backward from {@code dOut[B, outDim]}: accumulates parameter gradients, {@code dQuery += dL/dq} and
     * {@code dSeq += dL/dS} (either may be null). Must follow {@link #forward} with the same inputs.
     */
    public void backward(float[] query, JaggedRows seq, float[] dOut, float[] dQuery, float[] dSeq,
                         Workspace ws, Gradients grads) {
        int batch = seq.batch();
        int hk = heads * headDim;
        int hd = heads * keyDim;
        int d = keyDim;
        float[] s = seq.values();
        ws.dO = Scratch.ensure(ws.dO, batch * hk);
        ws.dSbar = Scratch.ensure(ws.dSbar, batch * hd);
        ws.dU = Scratch.zeroed(ws.dU, batch * hd);
        ws.dQ = Scratch.ensure(ws.dQ, batch * hk);

        K.gemmTN(hk, outDim, batch, ws.o, 0, hk, dOut, 0, outDim, grads.of(wo), 0, outDim, true);
        K.gemmNT(batch, hk, outDim, dOut, 0, outDim, wo.values(), 0, outDim, ws.dO, 0, hk, false);
        float[] gWv = grads.of(wv);
        for (int j = 0; j < heads; j++) {
            K.gemmTN(d, headDim, batch, ws.sbar, j * d, hd, ws.dO, j * headDim, hk, gWv, j * headDim, hk, true);
            K.gemmNT(batch, d, headDim, ws.dO, j * headDim, hk, wv.values(), j * headDim, hk,
                    ws.dSbar, j * d, hd, false);
        }
        for (int b = 0; b < batch; b++) {
            int r0 = seq.start(b);
            int len = seq.length(b);
            if (len == 0) {
                continue;
            }
            int st0 = r0 * d;
            int p0 = heads * r0;
            ws.dP = Scratch.ensure(ws.dP, heads * len);
            float[] dP = ws.dP;
            K.gemmNT(heads, len, d, ws.dSbar, b * hd, d, s, st0, d, dP, 0, len, false);
            if (dSeq != null) {
                K.gemmTN(len, d, heads, ws.p, p0, len, ws.dSbar, b * hd, d, dSeq, st0, d, true);
            }
            // Softmax backward, then the 1/sqrt(dk) of the logits: dZ = scale * P * (dP - <P, dP>).
            for (int j = 0; j < heads; j++) {
                int pj = p0 + j * len;
                float c = K.dot(ws.p, pj, dP, j * len, len);
                for (int i = 0; i < len; i++) {
                    dP[j * len + i] = (dP[j * len + i] - c) * ws.p[pj + i] * scale;
                }
            }
            K.gemm(heads, d, len, dP, 0, len, s, st0, d, ws.dU, b * hd, d, false);
            if (dSeq != null) {
                K.gemmTN(len, d, heads, dP, 0, len, ws.u, b * hd, d, dSeq, st0, d, true);
            }
        }
        float[] gWk = grads.of(wk);
        for (int j = 0; j < heads; j++) {
            K.gemmTN(d, headDim, batch, ws.dU, j * d, hd, ws.q, j * headDim, hk, gWk, j * headDim, hk, true);
            K.gemm(batch, headDim, d, ws.dU, j * d, hd, wk.values(), j * headDim, hk, ws.dQ, j * headDim, hk, false);
        }
        K.gemmTN(queryDim, hk, batch, query, 0, queryDim, ws.dQ, 0, hk, grads.of(wq), 0, hk, true);
        if (dQuery != null) {
            K.gemmNT(batch, queryDim, hk, ws.dQ, 0, hk, wq.values(), 0, hk, dQuery, 0, queryDim, true);
        }
    }

    private void checkShapes(JaggedRows seq) {
        if (seq.dim() != keyDim) {
            throw new IllegalArgumentException("sequence rows have " + seq.dim() + " floats, attention expects "
                    + keyDim);
        }
    }
}
