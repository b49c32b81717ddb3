package dev.lifelong.models.twin;

import dev.lifelong.core.kernel.FloatKernels;
import dev.lifelong.core.kernel.Kernels;
import dev.lifelong.data.batch.BehaviourSequences;
import dev.lifelong.models.frame.Embeddings;
import dev.lifelong.models.frame.SharedInterest;
import java.util.Arrays;

/**
 * TWIN at serving time (MODELS.md, TWIN 5): {@code K_h W^h} depends only on the item, so every item's per-head
 * projection is computed into a table when the version loads, and so is the item side of the ESU values
 * ({@code K_h W^v}); each cross feature's value contribution and scalar bias are tabled per id. A request
 * gathers its history's projections, values and cross biases once; then the relevance of a block of candidates
 * over the whole history is one GEMM per head against the history's projections laid out head by head, and
 * each candidate's round-robin selection, softmax and pooling follow as in training.
 *
 * <p>Training folds the query through {@code W^h} instead (its behaviours are seen once per sample). The two
 * orders round differently, so relevance agrees with training's to float error, and a behaviour whose relevance
 * ties another's to within that error at the 100th place may be selected by one and not the other; scores agree
 * with the training forward pass to 1e-5 otherwise (tested).
 */
final class TwinServing implements SharedInterest {

    private static final FloatKernels K = Kernels.get();
    /** Items projected per GEMM when the tables are built. */
    private static final int BLOCK = 4096;
    /**
     * Candidates whose relevance over the history is computed by one GEMM: more reuse the history's
     * projections from cache, fewer keep the relevance block ({@code block x heads x L} floats) small.
     */
    private static final int CANDIDATES = 8;

    private final TwinUnit unit;
    private final Embeddings emb;
    private final int heads;
    private final int dk;
    private final int hk;
    private final int width;
    private final int[] itemCategory;
    private final float[] itemKeys;     // [items, hk]: K_h W^h
    private final float[] itemValues;   // [items, hk]: K_h W^v (the inherent rows of W^v)
    private final float[][] crossValues = new float[CrossFeatureEmbeddings.FEATURES][];   // [rows_j, hk]
    private final float[][] crossScalar = new float[CrossFeatureEmbeddings.FEATURES][];

    TwinServing(TwinUnit unit, int[] itemCategory) {
        this.unit = unit;
        this.emb = unit.embeddings();
        this.heads = unit.heads();
        this.dk = unit.dk();
        this.hk = unit.hk();
        this.width = unit.width();
        this.itemCategory = itemCategory.clone();
        int items = itemCategory.length;
        itemKeys = new float[items * hk];
        itemValues = new float[items * hk];
        emb.gatherInBlocks(java.util.stream.IntStream.range(0, items).toArray(), itemCategory, 0, items, BLOCK,
                (rows, m, at) -> projectInherent(rows, m, itemKeys, itemValues, at));
        CrossFeatureEmbeddings cross = unit.cross();
        for (int j = 0; j < CrossFeatureEmbeddings.FEATURES; j++) {
            int r = cross.tables[j].rows();
            crossValues[j] = new float[r * hk];
            K.gemm(r, hk, cross.width, cross.tables[j].values(), 0, cross.width, unit.wv().values(),
                    (width + j * cross.width) * hk, hk, crossValues[j], 0, hk, false);
        }
        unit.crossScalars(crossScalar);
    }

    /** {@code K_h W^h} and {@code K_h W^v} of {@code m} inherent rows into the tables from row {@code at}. */
    private void projectInherent(float[] rows, int m, float[] keys, float[] values, int at) {
        K.gemm(m, hk, width, rows, 0, width, unit.wh().values(), 0, hk, keys, at * hk, hk, false);
        K.gemm(m, hk, width, rows, 0, width, unit.wv().values(), 0, hk, values, at * hk, hk, false);
    }

    /** Per-worker buffers. */
    private static final class Workspace {
        final RoundRobin roundRobin = new RoundRobin();
        float[] qp = new float[0];
        float[] o = new float[0];
        float[] alpha = new float[0];
        float[] weights = new float[0];
        int[] selected = new int[0];
        float[][] rows = new float[0][];
        int[] offsets = new int[0];
    }

    @Override
    public Object newWorkspace() {
        return new Workspace();
    }

    @Override
    public long tableBytes() {
        long floats = itemKeys.length + itemValues.length;
        for (float[] t : crossValues) {
            floats += t.length;
        }
        return 4 * floats;
    }

    @Override
    public Request prepare(BehaviourSequences seq, int b) {
        int start = seq.start(b);
        int len = seq.length(b);
        float[] keysByHead = new float[hk * len];    // [hk, L]: head h's projections are rows h dk .. (h+1) dk
        float[] values = new float[len * hk];
        float[] bias = new float[len];
        float[] row = new float[width];
        float[] key = new float[hk];
        float[] value = new float[hk];
        for (int i = 0; i < len; i++) {
            int r = start + i;
            int item = seq.items()[r];
            int category = seq.categories()[r];
            if (item > 0 && item < itemCategory.length && itemCategory[item] == category) {
                System.arraycopy(itemKeys, item * hk, key, 0, hk);
                System.arraycopy(itemValues, item * hk, values, i * hk, hk);
            } else {
                // Seen with another category than the item's usual one: projected here, so the features are
                // always the training ones.
                emb.gatherRow(item, category, row, 0);
                projectInherent(row, 1, key, value, 0);
                System.arraycopy(value, 0, values, i * hk, hk);
            }
            for (int t = 0; t < hk; t++) {
                keysByHead[t * len + i] = key[t];
            }
            for (int j = 0; j < CrossFeatureEmbeddings.FEATURES; j++) {
                K.axpy(1f, crossValues[j], CrossFeatureEmbeddings.id(seq, j, r) * hk, values, i * hk, hk);
            }
            bias[i] = TwinUnit.crossBias(crossScalar, seq, r);
        }
        return (q, items, categories, n, out, workspace) -> interests(keysByHead, values, bias, len, q, n, out,
                (Workspace) workspace);
    }

    private void interests(float[] keysByHead, float[] values, float[] bias, int len, float[] q, int n, float[] out,
                           Workspace ws) {
        ws.qp = ensure(ws.qp, n * hk);
        ws.o = ensure(ws.o, n * hk);
        Arrays.fill(ws.o, 0, n * hk, 0f);
        K.gemm(n, hk, width, q, 0, width, unit.wq().values(), 0, hk, ws.qp, 0, hk, false);
        int picked = Math.min(unit.gsuSize(), len);
        if (picked > 0) {
            int block = Math.min(CANDIDATES, n);
            ws.alpha = ensure(ws.alpha, block * heads * len);
            ws.weights = ensure(ws.weights, heads * picked);
            if (ws.selected.length < picked) {
                ws.selected = new int[picked];
                ws.rows = new float[picked][];
                ws.offsets = new int[picked];
            }
            // alpha = bias + (scale Q) . P: the scale folded into the queries and the GEMM accumulating onto the
            // biases, so the relevance block is written once instead of rewritten by a pass of its own.
            K.scale(unit.scale(), ws.qp, 0, n * hk);
            for (int c0 = 0; c0 < n; c0 += block) {
                int m = Math.min(block, n - c0);
                for (int r = 0; r < m * heads; r++) {
                    System.arraycopy(bias, 0, ws.alpha, r * len, len);
                }
                for (int h = 0; h < heads; h++) {
                    K.gemm(m, len, dk, ws.qp, c0 * hk + h * dk, hk, keysByHead, h * dk * len, len, ws.alpha, h * len,
                            heads * len, true);
                }
                for (int c = 0; c < m; c++) {
                    pool(ws, c * heads * len, len, picked, values, (c0 + c) * hk);
                }
            }
        }
        K.gemm(n, width, hk, ws.o, 0, hk, unit.wo().values(), 0, width, out, 0, width, false);
    }

    /** CP-GSU's round-robin selection from one candidate's relevance, then the ESU's softmax and pooling. */
    private void pool(Workspace ws, int base, int len, int picked, float[] values, int oo) {
        ws.roundRobin.select(ws.alpha, base, len, heads, picked);
        ws.roundRobin.takenPositions(ws.selected);
        for (int s = 0; s < picked; s++) {
            ws.rows[s] = values;
            ws.offsets[s] = ws.selected[s] * hk;
        }
        for (int h = 0; h < heads; h++) {
            for (int s = 0; s < picked; s++) {
                ws.weights[h * picked + s] = ws.alpha[base + h * len + ws.selected[s]];
            }
            K.softmax(ws.weights, h * picked, picked, null, 0);
        }
        K.headPool(ws.weights, ws.rows, ws.offsets, picked, heads, dk, ws.o, oo);
    }

    private static float[] ensure(float[] a, int n) {
        return a.length >= n ? a : new float[n];
    }
}
