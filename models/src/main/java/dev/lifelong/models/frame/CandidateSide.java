package dev.lifelong.models.frame;

import dev.lifelong.core.kernel.FloatKernels;
import dev.lifelong.core.kernel.Kernels;
import dev.lifelong.core.layer.Linear;
import dev.lifelong.core.layer.Mlp;
import dev.lifelong.core.layer.TargetAttention;

/**
 * Serving's work that depends on the candidate alone, done once per item when a version loads rather than once
 * per candidate of every request: the candidate's queries for the short and long units, and its own share of
 * the MLP's first layer. The first layer's input is {@code [candidate ; short interest ; long interest]}, so its
 * product splits by those blocks: {@code x W + b = (c W_c + b) + s W_s + l W_l}. And an attention unit's output
 * {@code o W^O} only ever feeds that layer, so {@code W^O W_s} is folded into one matrix: per candidate, the
 * pooled heads go through one product instead of two.
 *
 * <p>The table is built by the same kernels, in the same order, as the per-candidate computation a candidate
 * outside it takes (an item seen with another category than its usual one, or a vocabulary whose table would
 * exceed {@link SharedHistoryScorer#MAX_TABLE_FLOATS} or an eighth of the heap: the table is a speed-up, worth
 * about a seventh of the per-candidate time, not worth failing to load for); since a GEMM row's result does not
 * depend on the other rows, both give the same bits. Against the training forward pass the split and the folding only reorder sums.
 */
final class CandidateSide {

    private static final FloatKernels K = Kernels.get();
    /** Items projected per GEMM when the table is built. */
    private static final int BLOCK = 4096;

    private final Embeddings emb;
    private final TargetAttention shortTa;
    private final TargetAttention longTa;
    private final Linear first;
    private final int[] itemCategory;
    private final int hidden;
    private final float[] shortFold;
    private final float[] longFold;
    private final int longFoldRows;
    private final float[] shortQueries;
    private final float[] longQueries;
    private final float[] firstShare;

    /**
     * @param longTa  the long unit's attention when it attends over rows, else null
     * @param longOut width of the long unit's output (0 without one): when {@code longTa} is null it enters the
     *                first layer as it is
     */
    CandidateSide(Embeddings emb, TargetAttention shortTa, TargetAttention longTa, int longOut, Mlp mlp,
                  int[] itemCategory) {
        this(emb, shortTa, longTa, longOut, mlp, itemCategory, true);
    }

    /** @param table whether to build the per-item table (when it fits); without it every candidate is computed */
    CandidateSide(Embeddings emb, TargetAttention shortTa, TargetAttention longTa, int longOut, Mlp mlp,
                  int[] itemCategory, boolean table) {
        this.emb = emb;
        this.shortTa = shortTa;
        this.longTa = longTa;
        this.first = mlp.firstLayer();
        this.itemCategory = itemCategory;
        this.hidden = first.out();
        int d = emb.width();
        int so = shortTa.outDim();
        float[] w = first.weight().values();
        shortFold = shortTa.foldOutput(w, d * hidden, hidden, hidden);
        if (longOut == 0) {
            longFold = null;
            longFoldRows = 0;
        } else if (longTa != null) {
            longFold = longTa.foldOutput(w, (d + so) * hidden, hidden, hidden);
            longFoldRows = longTa.queryWidth();
        } else {
            longFold = java.util.Arrays.copyOfRange(w, (d + so) * hidden, (d + so + longOut) * hidden);
            longFoldRows = longOut;
        }
        long items = itemCategory.length;
        long floats = items * rowFloats();
        boolean fits = floats <= SharedHistoryScorer.MAX_TABLE_FLOATS
                && 4 * floats <= Runtime.getRuntime().maxMemory() / 8;
        if (!table || !fits) {
            shortQueries = longQueries = firstShare = null;
            return;
        }
        int n = itemCategory.length;
        shortQueries = new float[n * shortTa.queryWidth()];
        longQueries = longTa == null ? null : new float[n * longTa.queryWidth()];
        firstShare = new float[n * hidden];
        Rows block = new Rows();
        int[] ids = java.util.stream.IntStream.range(0, n).toArray();
        emb.gatherInBlocks(ids, itemCategory, 0, n, BLOCK, (q, m, at) -> {
            fit(block, m);
            compute(q, m, block);
            System.arraycopy(block.shortQ, 0, shortQueries, at * shortTa.queryWidth(), m * shortTa.queryWidth());
            if (longQueries != null) {
                System.arraycopy(block.longQ, 0, longQueries, at * longTa.queryWidth(), m * longTa.queryWidth());
            }
            System.arraycopy(block.first, 0, firstShare, at * hidden, m * hidden);
        });
    }

    private int rowFloats() {
        return shortTa.queryWidth() + (longTa == null ? 0 : longTa.queryWidth()) + hidden;
    }

    long tableBytes() {
        return firstShare == null ? 0 : 4L * itemCategory.length * rowFloats();
    }

    /** Per-candidate buffers: the candidates' embeddings, queries and first-layer shares. */
    static final class Rows {
        float[] q = new float[0];
        float[] shortQ = new float[0];
        float[] longQ = new float[0];
        float[] first = new float[0];
        int[] outside = new int[0];
        int capacity;
        Rows live;
    }

    private void fit(Rows r, int n) {
        if (n <= r.capacity) {
            return;
        }
        int c = Math.max(n, r.capacity + (r.capacity >> 1));
        r.capacity = c;
        r.q = new float[c * emb.width()];
        r.shortQ = new float[c * shortTa.queryWidth()];
        r.longQ = new float[longTa == null ? 0 : c * longTa.queryWidth()];
        r.first = new float[c * hidden];
        r.outside = new int[c];
    }

    /**
     * For candidates {@code [0, n)} of {@code items}/{@code categories}: their embeddings to {@code rows.q}, their
     * queries to {@code rows.shortQ} and {@code rows.longQ}, and to {@code pre} ({@code [n, hidden]}) their share
     * of the first layer with its bias.
     */
    void candidates(int[] items, int[] categories, int n, Rows rows, float[] pre) {
        fit(rows, n);
        emb.gather(items, categories, n, rows.q);
        if (firstShare == null) {
            compute(rows.q, n, rows);
            System.arraycopy(rows.first, 0, pre, 0, n * hidden);
            return;
        }
        int sw = shortTa.queryWidth();
        int lw = longTa == null ? 0 : longTa.queryWidth();
        int outside = 0;
        for (int i = 0; i < n; i++) {
            int item = items[i];
            if (item >= 0 && item < itemCategory.length && itemCategory[item] == categories[i]) {
                System.arraycopy(shortQueries, item * sw, rows.shortQ, i * sw, sw);
                if (lw > 0) {
                    System.arraycopy(longQueries, item * lw, rows.longQ, i * lw, lw);
                }
                System.arraycopy(firstShare, item * hidden, pre, i * hidden, hidden);
            } else {
                rows.outside[outside++] = i;
            }
        }
        if (outside > 0) {
            computeOutside(rows, outside, pre);
        }
    }

    /** Candidates the table does not hold, computed as the table was and put in their places. */
    private void computeOutside(Rows rows, int outside, float[] pre) {
        int d = emb.width();
        int sw = shortTa.queryWidth();
        int lw = longTa == null ? 0 : longTa.queryWidth();
        if (rows.live == null) {
            rows.live = new Rows();
        }
        Rows live = rows.live;
        fit(live, outside);
        for (int e = 0; e < outside; e++) {
            System.arraycopy(rows.q, rows.outside[e] * d, live.q, e * d, d);
        }
        compute(live.q, outside, live);
        for (int e = 0; e < outside; e++) {
            int i = rows.outside[e];
            System.arraycopy(live.shortQ, e * sw, rows.shortQ, i * sw, sw);
            if (lw > 0) {
                System.arraycopy(live.longQ, e * lw, rows.longQ, i * lw, lw);
            }
            System.arraycopy(live.first, e * hidden, pre, i * hidden, hidden);
        }
    }

    /** {@code pre += pooled W^O W_s}: the short unit's pooled heads ({@code [n, h d_k]}) into the first layer. */
    void addShort(float[] pooled, int n, float[] pre) {
        K.gemm(n, hidden, shortTa.queryWidth(), pooled, 0, shortTa.queryWidth(), shortFold, 0, hidden, pre, 0,
                hidden, true);
    }

    /**
     * {@code pre += x F_l}: the long unit's pooled heads when it attends over rows ({@code W^O} folded in), else
     * its output as it is ({@code [n, longOut]}).
     */
    void addLong(float[] x, int n, float[] pre) {
        if (longFold != null) {
            K.gemm(n, hidden, longFoldRows, x, 0, longFoldRows, longFold, 0, hidden, pre, 0, hidden, true);
        }
    }

    /** Queries and first-layer share (bias included) of {@code n} gathered candidates {@code q}. */
    private void compute(float[] q, int n, Rows out) {
        int d = emb.width();
        shortTa.projectQueries(q, n, out.shortQ);
        if (longTa != null) {
            longTa.projectQueries(q, n, out.longQ);
        }
        K.gemm(n, hidden, d, q, 0, d, first.weight().values(), 0, hidden, out.first, 0, hidden, false);
        if (first.bias() != null) {
            float[] b = first.bias().values();
            for (int r = 0; r < n; r++) {
                K.add(out.first, r * hidden, b, 0, out.first, r * hidden, hidden);
            }
        }
    }
}
