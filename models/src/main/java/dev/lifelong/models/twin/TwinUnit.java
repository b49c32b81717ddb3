package dev.lifelong.models.twin;

import dev.lifelong.core.kernel.FloatKernels;
import dev.lifelong.core.kernel.Kernels;
import dev.lifelong.core.param.DenseParameter;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.ParameterSet;
import dev.lifelong.data.batch.BehaviourSequences;
import dev.lifelong.models.frame.Attended;
import dev.lifelong.models.frame.DistinctBehaviours;
import dev.lifelong.models.frame.Embeddings;
import dev.lifelong.models.frame.SequenceUnit;
import dev.lifelong.models.frame.Targets;
import java.util.Arrays;
import java.util.List;

/**
 * TWIN's two-stage interest unit (Chang et al., KDD 2023, arXiv 2302.02352; MODELS.md, TWIN).
 *
 * <p>Relevance of behaviour i under head h:
 * {@code alpha_i,h = (K_h,i W^h_h) . (q W^q_h) / sqrt(d_k) + sum_j (K_c,i,j . w_j) beta_j}, where {@code K_h} is
 * the behaviour's inherent features (item and category embeddings, {@code [H]}) and {@code K_c} its J cross
 * features (behaviour type, value bucket, time-gap bucket by default, {@code crossDim} each; a configuration
 * may keep fewer, or none, to measure what they add). The CP-GSU computes alpha
 * over the whole long sequence and walks the heads' rankings round-robin until {@code gsuSize} distinct
 * behaviours are collected; the ESU applies, per head, softmax over the same alpha of those behaviours to
 * values {@code [K_h ; K_c] W^v} and projects the concatenated heads with {@code W^o}. The query is folded
 * ({@code u_h = W^h_h (W^q_h)^T q}), so the L behaviours are never projected one by one.
 *
 * <p>Shapes: {@code q [B, H]}, long sequence {@code [sum L_b]}, selected {@code [sum min(L_b, gsuSize)]},
 * output {@code [B, H]}. No gradient flows through the selection. Deviation: none known; like the paper, w_j and
 * beta_j are both kept although only their product matters.
 */
public final class TwinUnit implements SequenceUnit {

    private static final FloatKernels K = Kernels.get();

    private final Embeddings emb;
    private final CrossFeatureEmbeddings cross;
    private final int heads;
    private final int dk;
    private final int hk;
    private final int width;       // H
    private final int full;        // H + J * crossDim
    private final int gsuSize;
    private final float scale;
    private final DenseParameter wq;     // [H, hk]
    private final DenseParameter wh;     // [H, hk]
    private final DenseParameter crossW; // [J, crossDim]
    private final DenseParameter beta;   // [1, J]
    private final DenseParameter wv;     // [full, hk]
    private final DenseParameter wo;     // [hk, H]

    public TwinUnit(ParameterSet params, String name, Embeddings emb, int heads, int crossDim, int gsuSize,
                    List<String> crossFeatures) {
        this.emb = emb;
        this.width = emb.width();
        this.heads = heads;
        this.dk = width / heads;
        this.hk = heads * dk;
        this.gsuSize = gsuSize;
        this.scale = (float) (1.0 / Math.sqrt(dk));
        this.cross = new CrossFeatureEmbeddings(params, name + ".cross", crossDim, crossFeatures);
        this.full = width + cross.count() * crossDim;
        this.wq = params.glorot(name + ".wq", width, hk);
        this.wh = params.glorot(name + ".wh", width, hk);
        this.crossW = params.gaussian(name + ".cross_w", cross.count(), crossDim, 0.1);
        this.beta = params.constant(name + ".beta", cross.count(), 1f);
        this.wv = params.glorot(name + ".wv", full, hk);
        this.wo = params.glorot(name + ".wo", hk, width);
    }

    @Override
    public int outDim() {
        return width;
    }

    @Override
    public boolean readsCrossFeatures() {
        return cross.count() > 0;
    }

    @Override
    public dev.lifelong.models.frame.Retrieval retrieval(int[] itemCategory) {
        return new TwinRetrieval(this);
    }

    @Override
    public dev.lifelong.models.frame.SharedInterest sharedInterest(int[] itemCategory) {
        return 2L * itemCategory.length * hk > dev.lifelong.models.frame.SharedHistoryScorer.MAX_TABLE_FLOATS ? null
                : new TwinServing(this, itemCategory);
    }

    /** Per-worker buffers of one batch. */
    public static final class Workspace {
        float[] q = new float[0];      // [B, hk] projected queries
        float[] u = new float[0];      // [h, H] folded query of the current sample
        float[] keys = new float[0];   // [keys, H] inherent features of the current sample's distinct behaviours
        int[] rowKey = new int[0];     // [L] each behaviour's distinct (item, category): its number in pairs
        final DistinctBehaviours pairs = new DistinctBehaviours();
        float[] keyAlpha = new float[0]; // [h, keys]
        float[] bias = new float[0];   // [L] cross biases
        float[] alpha = new float[0];  // [h, L]
        int[] selectedOffsets = new int[1];
        int[] selected = new int[0];   // absolute rows of seq, per sample, oldest first
        float[] selAlpha = new float[0]; // [h, S_b] per sample at h * selectedOffsets[b]
        float[] features = new float[0]; // [sum S, full]
        float[] values = new float[0];   // [sum S, hk]
        float[] o = new float[0];        // [B, hk]
        final RoundRobin roundRobin = new RoundRobin();
        float[][] crossScalar = new float[0][];
        // backward buffers
        float[] dO = new float[0];
        float[] dQp = new float[0];
        float[] dValues = new float[0];
        float[] dAlpha = new float[0];
        float[] dFeatures = new float[0];
        float[] dU = new float[0];
        float[] crossEmb = new float[0];
        final ConsistencyTally consistency = new ConsistencyTally();
        boolean measureConsistency;

        /** Turns on measuring GSU/exact-attention consistency in later forward passes, from zero. */
        public void measureConsistency(boolean on) {
            measureConsistency = on;
            consistency.clear();
        }

        /** What was measured since turned on, over the sequences longer than the selection. */
        public ConsistencyTally consistency() {
            return consistency;
        }

        public boolean measuringConsistency() {
            return measureConsistency;
        }

        /** Absolute sequence rows selected for sample b. */
        public int[] selectedRows(int b) {
            return Arrays.copyOfRange(selected, selectedOffsets[b], selectedOffsets[b + 1]);
        }
    }

    @Override
    public Attended explain(Object workspace, BehaviourSequences seq, int b) {
        Workspace ws = (Workspace) workspace;
        int s0 = ws.selectedOffsets[b];
        int n = ws.selectedOffsets[b + 1] - s0;
        float[] w = new float[n];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < n; i++) {
                w[i] += ws.selAlpha[heads * s0 + h * n + i] / heads;
            }
        }
        return new Attended(ws.selectedRows(b), w);
    }

    @Override
    public Object newWorkspace() {
        return new Workspace();
    }

    private static float[] ensure(float[] a, int n) {
        return a.length >= n ? a : new float[Math.max(n, a.length + (a.length >> 1))];
    }

    @Override
    public void forward(Targets targets, BehaviourSequences seq, float[] out, Object workspace, boolean training) {
        Workspace ws = (Workspace) workspace;
        int batch = seq.batch();
        ws.q = ensure(ws.q, batch * hk);
        K.gemm(batch, hk, width, targets.q(), 0, width, wq.values(), 0, hk, ws.q, 0, hk, false);
        int capacity = 0;
        for (int b = 0; b < batch; b++) {
            capacity += Math.min(gsuSize, seq.length(b));
        }
        if (ws.selected.length < capacity) {
            ws.selected = new int[capacity];
        }
        if (ws.selectedOffsets.length < batch + 1) {
            ws.selectedOffsets = new int[batch + 1];
        }
        ws.selAlpha = ensure(ws.selAlpha, capacity * heads);
        ws.features = ensure(ws.features, capacity * full);
        ws.values = ensure(ws.values, capacity * hk);
        ws.o = ensure(ws.o, batch * hk);
        ws.u = ensure(ws.u, heads * width);
        crossScalars(ws);
        float[] w = wv.values();
        for (int b = 0; b < batch; b++) {
            int s0 = ws.selectedOffsets[b];
            int len = seq.length(b);
            int start = seq.start(b);
            fold(ws, b);
            scores(seq, start, len, ws);
            int n = select(ws, seq, start, len, s0);
            ws.selectedOffsets[b + 1] = s0 + n;
            Arrays.fill(ws.o, b * hk, (b + 1) * hk, 0f);
            if (n == 0) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                int r = ws.selected[s0 + i];
                gatherFeatures(seq, r, ws.features, (s0 + i) * full);
            }
            K.gemm(n, hk, full, ws.features, s0 * full, full, w, 0, hk, ws.values, s0 * hk, hk, false);
            for (int h = 0; h < heads; h++) {
                int a0 = heads * s0 + h * n;
                K.softmax(ws.selAlpha, a0, n, null, 0);
                for (int i = 0; i < n; i++) {
                    K.axpy(ws.selAlpha[a0 + i], ws.values, (s0 + i) * hk + h * dk, ws.o, b * hk + h * dk, dk);
                }
            }
        }
        K.gemm(batch, width, hk, ws.o, 0, hk, wo.values(), 0, width, out, 0, width, false);
    }

    /** {@code [K_h ; K_c]} of behaviour r at {@code out[off ..]}. */
    private void gatherFeatures(BehaviourSequences seq, int r, float[] out, int off) {
        emb.gatherRow(seq.items()[r], seq.categories()[r], out, off);
        cross.gather(seq, r, out, off + width);
    }

    /** {@code u_h = W^h_h Q_h}: the query folded into inherent-feature space, {@code [h, H]}. */
    private void fold(Workspace ws, int b) {
        foldQuery(ws.q, b * hk, ws.u);
    }

    /** {@code u_h = W^h_h Q_h} into {@code u [h, H]} from a projected query {@code qp[qo .. qo + hk)}. */
    void foldQuery(float[] qp, int qo, float[] u) {
        float[] w = wh.values();
        for (int h = 0; h < heads; h++) {
            for (int r = 0; r < width; r++) {
                u[h * width + r] = K.dot(w, r * hk + h * dk, qp, qo + h * dk, dk);
            }
        }
    }

    /** {@code Q = q W^q} for one target vector {@code q [H]} into {@code qp [hk]}: a row of training's batch GEMM. */
    void projectQuery(float[] q, int qo, float[] qp) {
        K.gemm(1, hk, width, q, qo, width, wq.values(), 0, hk, qp, 0, hk, false);
    }

    /** alpha {@code [h, len]} from the folded query, the sequence's inherent features and its cross biases. */
    void relevance(float[] u, float[] keys, float[] bias, int len, float[] alpha) {
        // One dot product per head and row, as training's relevance per distinct behaviour (scores): the same bits.
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < len; i++) {
                alpha[h * len + i] = K.dot(u, h * width, keys, i * width, width) * scale + bias[i];
            }
        }
    }

    Embeddings embeddings() {
        return emb;
    }

    int heads() {
        return heads;
    }

    int width() {
        return width;
    }

    int hk() {
        return hk;
    }

    int gsuSize() {
        return gsuSize;
    }

    int dk() {
        return dk;
    }

    float scale() {
        return scale;
    }

    CrossFeatureEmbeddings cross() {
        return cross;
    }

    DenseParameter wq() {
        return wq;
    }

    DenseParameter wh() {
        return wh;
    }

    DenseParameter wv() {
        return wv;
    }

    DenseParameter wo() {
        return wo;
    }

    /**
     * {@code beta_j (K_c,j[id] . w_j)} for every row of each cross-feature table: the tables are small (at most
     * 256 rows), so one pass per batch replaces a dot product per cross feature and behaviour.
     */
    private void crossScalars(Workspace ws) {
        ws.crossScalar = crossScalars(ws.crossScalar);
    }

    /** One scalar table per kept cross feature: into {@code out} when it has room for them, else a new array. */
    float[][] crossScalars(float[][] out) {
        if (out.length < cross.count()) {
            out = new float[cross.count()][];
        }
        float[] cw = crossW.values();
        float[] bt = beta.values();
        for (int j = 0; j < cross.count(); j++) {
            float[] table = cross.tables[j].values();
            int rows = cross.tables[j].rows();
            out[j] = ensure(out[j] == null ? new float[0] : out[j], rows);
            for (int id = 0; id < rows; id++) {
                out[j][id] = bt[j] * K.dot(table, id * cross.width, cw, j * cross.width, cross.width);
            }
        }
        return out;
    }

    /**
     * alpha over the whole sequence: {@code [h, L]} into ws.alpha, cross biases into ws.bias. A behaviour's
     * inherent part {@code u_h . K_h} depends only on its item and category, and a lifelong history returns to its
     * items, so it is computed once per distinct (item, category) of the sample (the same dot products as
     * {@link #relevance} over every behaviour, so the same bits) and the cross biases, which belong to each
     * behaviour, are added per behaviour.
     */
    private void scores(BehaviourSequences seq, int start, int len, Workspace ws) {
        ws.keys = ensure(ws.keys, len * width);
        ws.bias = ensure(ws.bias, len);
        ws.alpha = ensure(ws.alpha, heads * len);
        if (ws.rowKey.length < len) {
            ws.rowKey = new int[len];
        }
        DistinctBehaviours pairs = ws.pairs;
        pairs.reset(emb.items().rows());
        int[] items = seq.items();
        int[] categories = seq.categories();
        for (int i = 0; i < len; i++) {
            int r = start + i;
            int keys = pairs.size();
            int k = pairs.number(items[r], categories[r]);
            if (k == keys) {
                emb.gatherRow(items[r], categories[r], ws.keys, k * width);
            }
            ws.rowKey[i] = k;
            ws.bias[i] = cross.bias(ws.crossScalar, seq, r);
        }
        int keys = pairs.size();
        ws.keyAlpha = ensure(ws.keyAlpha, heads * keys);
        for (int h = 0; h < heads; h++) {
            for (int k = 0; k < keys; k++) {
                ws.keyAlpha[h * keys + k] = K.dot(ws.u, h * width, ws.keys, k * width, width);
            }
        }
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < len; i++) {
                ws.alpha[h * len + i] = ws.keyAlpha[h * keys + ws.rowKey[i]] * scale + ws.bias[i];
            }
        }
    }

    /**
     * CP-GSU: each head ranks the sequence by its alpha (ties to the more recent); heads take turns adding their
     * best behaviour not yet taken until {@code min(gsuSize, L)} are collected. Writes the selection (oldest
     * first) and its alphas per head.
     */
    private int select(Workspace ws, BehaviourSequences seq, int start, int len, int s0) {
        int n = Math.min(gsuSize, len);
        if (n == 0) {
            return 0;
        }
        boolean[] taken = ws.roundRobin.select(ws.alpha, len, heads, n);
        int at = 0;
        for (int i = 0; i < len; i++) {
            if (taken[i]) {
                ws.selected[s0 + at] = start + i;
                for (int h = 0; h < heads; h++) {
                    ws.selAlpha[heads * s0 + h * n + at] = ws.alpha[h * len + i];
                }
                at++;
            }
        }
        // A sequence no longer than the selection is taken whole: that agrees with exact attention by
        // construction, and counting it would flatter the measure by the share of short histories.
        if (ws.measureConsistency && len > n) {
            ws.consistency.add(ws.alpha, heads, len, ws.roundRobin.taken(), n, ws.roundRobin.ranking());
        }
        return n;
    }

    @Override
    public void backward(Targets targets, BehaviourSequences seq, float[] dOut, float[] dQ, Object workspace,
                         Gradients grads) {
        Workspace ws = (Workspace) workspace;
        int batch = seq.batch();
        ws.dO = ensure(ws.dO, batch * hk);
        ws.dQp = ensure(ws.dQp, batch * hk);
        Arrays.fill(ws.dQp, 0, batch * hk, 0f);
        ws.dU = ensure(ws.dU, heads * width);
        ws.crossEmb = ensure(ws.crossEmb, cross.count() * cross.width);
        float[] dO = ws.dO;
        K.gemmTN(hk, width, batch, ws.o, 0, hk, dOut, 0, width, grads.of(wo), 0, width, true);
        K.gemmNT(batch, hk, width, dOut, 0, width, wo.values(), 0, width, dO, 0, hk, false);
        float[] dQp = ws.dQp;
        float[] gWv = grads.of(wv);
        float[] gWh = grads.of(wh);
        float[] gCrossW = grads.of(crossW);
        float[] gBeta = grads.of(beta);
        float[] cw = crossW.values();
        float[] bt = beta.values();
        float[] w = wh.values();
        float[] crossEmb = ws.crossEmb;
        for (int b = 0; b < batch; b++) {
            int s0 = ws.selectedOffsets[b];
            int n = ws.selectedOffsets[b + 1] - s0;
            if (n == 0) {
                continue;
            }
            fold(ws, b);
            ws.dValues = ensure(ws.dValues, n * hk);
            ws.dAlpha = ensure(ws.dAlpha, heads * n);
            ws.dFeatures = ensure(ws.dFeatures, n * full);
            float[] dValues = ws.dValues;
            float[] dAlpha = ws.dAlpha;
            float[] dFeatures = ws.dFeatures;
            float[] dU = ws.dU;
            Arrays.fill(dValues, 0, n * hk, 0f);
            Arrays.fill(dU, 0, heads * width, 0f);
            for (int h = 0; h < heads; h++) {
                int a0 = heads * s0 + h * n;
                float c = 0;
                for (int i = 0; i < n; i++) {
                    float dp = K.dot(dO, b * hk + h * dk, ws.values, (s0 + i) * hk + h * dk, dk);
                    dAlpha[h * n + i] = dp;
                    c += ws.selAlpha[a0 + i] * dp;
                    K.axpy(ws.selAlpha[a0 + i], dO, b * hk + h * dk, dValues, i * hk + h * dk, dk);
                }
                for (int i = 0; i < n; i++) {
                    dAlpha[h * n + i] = ws.selAlpha[a0 + i] * (dAlpha[h * n + i] - c);
                }
            }
            K.gemmNT(n, full, hk, dValues, 0, hk, wv.values(), 0, hk, dFeatures, 0, full, false);
            K.gemmTN(full, hk, n, ws.features, s0 * full, full, dValues, 0, hk, gWv, 0, hk, true);
            for (int i = 0; i < n; i++) {
                int r = ws.selected[s0 + i];
                int fo = (s0 + i) * full;
                float dBias = 0;
                for (int h = 0; h < heads; h++) {
                    float g = dAlpha[h * n + i];
                    dBias += g;
                    // alpha = scale * u_h . K_h,i + bias
                    K.axpy(g * scale, ws.features, fo, dU, h * width, width);
                    K.axpy(g * scale, ws.u, h * width, dFeatures, i * full, width);
                }
                cross.gather(seq, r, crossEmb, 0);
                for (int j = 0; j < cross.count(); j++) {
                    int co = j * cross.width;
                    gBeta[j] += dBias * K.dot(crossEmb, co, cw, co, cross.width);
                    K.axpy(dBias * bt[j], crossEmb, co, gCrossW, co, cross.width);
                    K.axpy(dBias * bt[j], cw, co, dFeatures, i * full + width + co, cross.width);
                }
                emb.scatterRow(seq.items()[r], seq.categories()[r], dFeatures, i * full, grads);
                cross.scatter(seq, r, dFeatures, i * full + width, grads);
            }
            // u_h[r] = sum_c W^h[r, h*dk + c] Q[h*dk + c]
            for (int h = 0; h < heads; h++) {
                for (int r = 0; r < width; r++) {
                    float g = dU[h * width + r];
                    if (g != 0f) {
                        K.axpy(g, w, r * hk + h * dk, dQp, b * hk + h * dk, dk);
                        K.axpy(g, ws.q, b * hk + h * dk, gWh, r * hk + h * dk, dk);
                    }
                }
            }
        }
        K.gemmTN(width, hk, batch, targets.q(), 0, width, dQp, 0, hk, grads.of(wq), 0, hk, true);
        K.gemmNT(batch, width, hk, dQp, 0, hk, wq.values(), 0, hk, dQ, 0, width, true);
    }
}
