package dev.lifelong.models.sim;

import dev.lifelong.core.kernel.FloatKernels;
import dev.lifelong.core.kernel.Kernels;
import dev.lifelong.core.layer.TargetAttention;
import dev.lifelong.data.batch.BehaviourSequences;
import dev.lifelong.data.batch.CrossFeatures;
import dev.lifelong.models.frame.SharedHistoryScorer;
import dev.lifelong.models.frame.SharedInterest;

/**
 * SIM hard at serving time (MODELS.md, {@code sim-hard}: "serving keeps a per-user index category ->
 * behaviours"). A request indexes its history by category once, keeping each category's most recent
 * {@code gsuSize} behaviours, and gives each its key and value once; a candidate then attends over its
 * category's rows only. A key row is {@code [item ; category ; gap]}, so its projection is the sum of an item's
 * and a gap bucket's: both are projected when the version loads (every item with its usual category, every gap
 * bucket), and a behaviour's key is one addition instead of a projection per request. Behaviours seen with
 * another category than their item's usual one are projected whole. Projected rows and split sums round
 * differently from training's folded query, so scores agree with the forward pass to float error (tested to
 * 1e-5).
 */
final class SimHardServing implements SharedInterest {

    private static final FloatKernels K = Kernels.get();
    /** Items projected per GEMM when the tables are built. */
    private static final int BLOCK = 4096;

    private final TimeGapAttention esu;
    private final TargetAttention attention;
    private final int gsuSize;
    private final int categories;
    private final int hk;
    private final int[] itemCategory;
    private final float[] itemKeys;     // [items, hk] in attendRows' layout, or null when too large: every row
                                        // projected per request
    private final float[] itemValues;
    private final float[] gapKeys;      // [gap buckets, hk]; keys in the layout TargetAttention.attendRows reads
    private final float[] gapValues;

    SimHardServing(TimeGapAttention esu, int gsuSize, int categories, int[] itemCategory) {
        this.esu = esu;
        this.attention = esu.attention();
        this.gsuSize = gsuSize;
        this.categories = categories;
        this.hk = attention.heads() * attention.headDim();
        this.itemCategory = itemCategory.clone();
        int kw = esu.keyWidth();
        int buckets = CrossFeatures.GAP_BUCKETS;
        float[] gapRows = new float[buckets * kw];
        for (int g = 0; g < buckets; g++) {
            esu.gapPart(g, gapRows, g * kw);
        }
        gapKeys = new float[buckets * hk];
        gapValues = new float[buckets * hk];
        attention.projectRows(gapRows, buckets, gapKeys, gapValues, 0);
        // Keys in the layout attendRows reads: the layout is a permutation, so an item's part plus a gap
        // bucket's is in it too.
        attention.toRowLayout(gapKeys, 0, buckets);
        int items = itemCategory.length;
        if (2L * items * hk > SharedHistoryScorer.MAX_TABLE_FLOATS) {
            itemKeys = itemValues = null;
            return;
        }
        itemKeys = new float[items * hk];
        itemValues = new float[items * hk];
        float[] rows = new float[Math.min(BLOCK, items) * kw];
        for (int s = 0; s < items; s += BLOCK) {
            int m = Math.min(BLOCK, items - s);
            for (int i = 0; i < m; i++) {
                esu.itemPart(s + i, itemCategory[s + i], rows, i * kw);
            }
            attention.projectRows(rows, m, itemKeys, itemValues, s);
        }
        attention.toRowLayout(itemKeys, 0, items);
    }

    @Override
    public long tableBytes() {
        return 4L * ((itemKeys == null ? 0 : itemKeys.length + itemValues.length) + gapKeys.length
                + gapValues.length);
    }

    private static final class Workspace {
        float[] queries = new float[0];
        float[] pooled = new float[0];
        float[] scores = new float[0];
        float[][] rows = new float[0][];
        float[][] valueRows = new float[0][];
        int[] offsets = new int[0];
    }

    @Override
    public Object newWorkspace() {
        return new Workspace();
    }

    @Override
    public Request prepare(BehaviourSequences seq, int b) {
        int start = seq.start(b);
        int end = start + seq.length(b);
        // Per category: how many of its most recent behaviours are kept, then where its rows start.
        int[] kept = new int[categories + 1];
        for (int r = end - 1; r >= start; r--) {
            int c = seq.categories()[r];
            if (c > 0 && c < categories && kept[c] < gsuSize) {
                kept[c]++;
            }
        }
        int[] first = new int[categories + 1];
        for (int c = 0; c < categories; c++) {
            first[c + 1] = first[c] + kept[c];
        }
        int rows = first[categories];
        int[] filled = new int[categories];
        int kw = esu.keyWidth();
        float[] keys = new float[rows * hk];
        float[] values = new float[rows * hk];
        float[] keyRows = new float[0];
        int[] outsideAt = new int[0];
        int outside = 0;
        // Newest first, each category's rows written back to front, so every category lies oldest first.
        for (int r = end - 1; r >= start; r--) {
            int c = seq.categories()[r];
            if (c > 0 && c < categories && filled[c] < kept[c]) {
                int at = first[c] + kept[c] - 1 - filled[c]++;
                int item = seq.items()[r];
                if (itemKeys != null && item >= 0 && item < itemCategory.length && itemCategory[item] == c) {
                    int gap = seq.gapBuckets()[r] * hk;
                    K.add(itemKeys, item * hk, gapKeys, gap, keys, at * hk, hk);
                    K.add(itemValues, item * hk, gapValues, gap, values, at * hk, hk);
                } else {
                    if (outside == outsideAt.length) {
                        outsideAt = java.util.Arrays.copyOf(outsideAt, Math.max(16, 2 * outside));
                        keyRows = java.util.Arrays.copyOf(keyRows, outsideAt.length * kw);
                    }
                    esu.keyRow(seq, r, keyRows, outside * kw);
                    outsideAt[outside++] = at;
                }
            }
        }
        if (outside > 0) {
            float[] k = new float[outside * hk];
            float[] v = new float[outside * hk];
            attention.projectRows(keyRows, outside, k, v, 0);
            attention.toRowLayout(k, 0, outside);
            for (int e = 0; e < outside; e++) {
                System.arraycopy(k, e * hk, keys, outsideAt[e] * hk, hk);
                System.arraycopy(v, e * hk, values, outsideAt[e] * hk, hk);
            }
        }
        return (q, items, cats, n, out, workspace) -> {
            Workspace ws = (Workspace) workspace;
            if (ws.queries.length < n * hk) {
                ws.queries = new float[n * hk];
                ws.pooled = new float[n * hk];
            }
            if (ws.offsets.length < gsuSize) {
                ws.rows = new float[gsuSize][];
                ws.valueRows = new float[gsuSize][];
                ws.offsets = new int[gsuSize];
                ws.scores = new float[attention.rowScores(gsuSize)];
            }
            attention.projectQueries(q, n, ws.queries);
            attention.toRowLayout(ws.queries, 0, n);
            // Every row lies in this request's two arrays: set once per chunk, not per candidate's row (a
            // reference stored into an array pays the collector's write barrier).
            java.util.Arrays.fill(ws.rows, 0, gsuSize, keys);
            java.util.Arrays.fill(ws.valueRows, 0, gsuSize, values);
            for (int i = 0; i < n; i++) {
                int c = cats[i];
                int m = c > 0 && c < categories ? kept[c] : 0;
                for (int j = 0; j < m; j++) {
                    ws.offsets[j] = (first[c] + j) * hk;
                }
                attention.attendRows(ws.queries, i * hk, ws.rows, ws.valueRows, ws.offsets, null, m, ws.pooled, i * hk,
                        ws.scores);
            }
            attention.projectOutput(ws.pooled, n, out);
        };
    }
}
