package dev.lifelong.models.twin;

import dev.lifelong.core.kernel.FloatKernels;
import dev.lifelong.core.kernel.Kernels;
import dev.lifelong.core.kernel.LnCounts;
import dev.lifelong.data.batch.BehaviourSequences;
import dev.lifelong.models.frame.Embeddings;
import dev.lifelong.models.frame.RowGroups;
import dev.lifelong.models.frame.SharedInterest;
import java.util.Arrays;

/**
 * TWIN at serving time (MODELS.md, TWIN 5): {@code K_h W^h} depends only on the item, so every item's per-head
 * projection is computed into a table when the version loads, and so is the item side of the ESU values
 * ({@code K_h W^v}); each cross feature's value contribution and scalar bias are tabled per id. A request
 * gathers its history's projections, values and cross biases once; then the relevance of a block of candidates
 * over the whole history is one GEMM per head against the history's projections laid out head by head, and
 * each candidate's round-robin selection, softmax and pooling follow as in training. A history that returns to
 * its items is grouped first ({@link ItemGroups}): the GEMM runs over its items, the search over items and
 * their behaviours' cross biases ({@link GroupedSearch}), the ESU over groups of behaviours alike in everything
 * TWIN sees. It selects what the search over every behaviour selects from the same relevances; the item GEMM's
 * relevances may round differently from the per-behaviour one's, so near-ties at the last place can differ.
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
    private final CrossFeatureEmbeddings cross;
    private final float[][] crossValues;   // [J][rows_j, hk]
    private final float[][] crossScalar;

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
        cross = unit.cross();
        crossValues = new float[cross.count()][];
        for (int j = 0; j < cross.count(); j++) {
            int r = cross.tables[j].rows();
            crossValues[j] = new float[r * hk];
            K.gemm(r, hk, cross.width, cross.tables[j].values(), 0, cross.width, unit.wv().values(),
                    (width + j * cross.width) * hk, hk, crossValues[j], 0, hk, false);
        }
        crossScalar = unit.crossScalars(new float[0][]);
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
        // a history grouped by item
        final GroupedSearch search = new GroupedSearch();
        float[] lnCount = new float[0];
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

    /**
     * A request's history as the relevance GEMM reads it: per row its per-head projections laid out head by head
     * ({@code [hk, rows]}: head h's are rows h dk .. (h+1) dk). A row is a behaviour, with its ESU values (the
     * cross features' included, {@code [rows, hk]}) and scalar cross bias; or, over a history grouped by item,
     * an item, the values and biases then being its groups' ({@link ItemGroups}).
     */
    private record HistoryRows(int rows, float[] keysByHead, float[] values, float[] bias) {
    }

    @Override
    public Request prepare(BehaviourSequences seq, int b) {
        int start = seq.start(b);
        int len = seq.length(b);
        ItemGroups groups = len == 0 ? null : group(seq, start, len);
        if (groups != null) {
            HistoryRows h = gather(seq, start, groups);
            return (q, items, categories, n, out, workspace) -> interests(h, groups, len, q, n, out,
                    (Workspace) workspace);
        }
        HistoryRows h = gather(seq, start, len);
        return (q, items, categories, n, out, workspace) -> interests(h, null, len, q, n, out,
                (Workspace) workspace);
    }

    /**
     * The history's behaviours by everything TWIN sees, and those groups by item; null when there are too many
     * items for grouping to pay.
     */
    private ItemGroups group(BehaviourSequences seq, int start, int len) {
        RowGroups fine = RowGroups.of(keys(seq, start, len), len);
        long[] itemKeys = new long[fine.groups()];
        for (int s = 0; s < itemKeys.length; s++) {
            int i = fine.first(s);
            int item = seq.items()[start + i];
            // An item in the table has one category, its usual one: the item names the group.
            itemKeys[s] = inTable(item, seq.categories()[start + i]) ? item : ~(long) i;
        }
        RowGroups items = ItemGroups.byItem(fine, itemKeys);
        if (items == null) {
            return null;
        }
        float[] bias = new float[fine.groups()];
        for (int s = 0; s < bias.length; s++) {
            bias[s] = cross.bias(crossScalar, seq, start + fine.first(s));
        }
        return ItemGroups.of(fine, items, bias);
    }

    /**
     * What makes behaviours alike to TWIN: item and the cross features it keeps, for behaviours seen with their
     * item's usual category; any other is a group of its own.
     */
    private long[] keys(BehaviourSequences seq, int start, int len) {
        long[] keys = new long[len];
        for (int i = 0; i < len; i++) {
            int r = start + i;
            int item = seq.items()[r];
            keys[i] = inTable(item, seq.categories()[r]) ? (long) item << 32 | cross.key(seq, r) : ~(long) i;
        }
        return keys;
    }

    private boolean inTable(int item, int category) {
        return item > 0 && item < itemCategory.length && itemCategory[item] == category;
    }

    /** The history's rows, one per behaviour. */
    private HistoryRows gather(BehaviourSequences seq, int start, int len) {
        float[] keysByHead = new float[hk * len];
        float[] values = new float[len * hk];
        float[] bias = new float[len];
        Projection p = new Projection();
        for (int i = 0; i < len; i++) {
            int r = start + i;
            project(seq, r, p);
            System.arraycopy(p.value, 0, values, i * hk, hk);
            addCrossValues(seq, r, values, i * hk);
            for (int t = 0; t < hk; t++) {
                keysByHead[t * len + i] = p.key[t];
            }
            bias[i] = cross.bias(crossScalar, seq, r);
        }
        return new HistoryRows(len, keysByHead, values, bias);
    }

    /**
     * The rows of a history grouped by item: keys per item group (the dot products' rows), values per fine
     * group (with their cross features'); the biases are the groups'.
     */
    private HistoryRows gather(BehaviourSequences seq, int start, ItemGroups groups) {
        int rows = groups.groups;
        int fine = groups.fine.groups();
        float[] keysByHead = new float[hk * rows];
        float[] values = new float[fine * hk];
        Projection p = new Projection();
        for (int g = 0; g < rows; g++) {
            project(seq, start + groups.fine.first(groups.representative(g)), p);
            for (int t = 0; t < hk; t++) {
                keysByHead[t * rows + g] = p.key[t];
            }
            for (int m = groups.memberStart[g]; m < groups.memberStart[g + 1]; m++) {
                int s = groups.members[m];
                System.arraycopy(p.value, 0, values, s * hk, hk);
                addCrossValues(seq, start + groups.fine.first(s), values, s * hk);
            }
        }
        return new HistoryRows(rows, keysByHead, values, groups.bias);
    }

    /** A behaviour's inherent key and value projections, and the scratch to project one on the spot. */
    private final class Projection {
        final float[] row = new float[width];
        final float[] key = new float[hk];
        final float[] value = new float[hk];
    }

    private void project(BehaviourSequences seq, int r, Projection p) {
        int item = seq.items()[r];
        int category = seq.categories()[r];
        if (inTable(item, category)) {
            System.arraycopy(itemKeys, item * hk, p.key, 0, hk);
            System.arraycopy(itemValues, item * hk, p.value, 0, hk);
        } else {
            // Seen with another category than the item's usual one: projected here, so the features are always
            // the training ones.
            emb.gatherRow(item, category, p.row, 0);
            projectInherent(p.row, 1, p.key, p.value, 0);
        }
    }

    private void addCrossValues(BehaviourSequences seq, int r, float[] values, int off) {
        for (int j = 0; j < cross.count(); j++) {
            K.axpy(1f, crossValues[j], cross.id(seq, j, r) * hk, values, off, hk);
        }
    }

    private void interests(HistoryRows hist, ItemGroups groups, int len, float[] q, int n, float[] out,
                           Workspace ws) {
        ws.qp = ensure(ws.qp, n * hk);
        ws.o = ensure(ws.o, n * hk);
        Arrays.fill(ws.o, 0, n * hk, 0f);
        K.gemm(n, hk, width, q, 0, width, unit.wq().values(), 0, hk, ws.qp, 0, hk, false);
        int picked = Math.min(unit.gsuSize(), len);
        int rows = hist.rows();
        if (picked > 0) {
            int block = Math.min(CANDIDATES, n);
            ws.alpha = ensure(ws.alpha, block * heads * rows);
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
                if (groups == null) {
                    for (int r = 0; r < m * heads; r++) {
                        System.arraycopy(hist.bias(), 0, ws.alpha, r * rows, rows);
                    }
                }
                // Grouped by item, the GEMM gives dot products alone: each fine group adds its own bias.
                for (int h = 0; h < heads; h++) {
                    K.gemm(m, rows, dk, ws.qp, c0 * hk + h * dk, hk, hist.keysByHead(), h * dk * rows, rows,
                            ws.alpha, h * rows, heads * rows, groups == null);
                }
                for (int c = 0; c < m; c++) {
                    if (groups == null) {
                        pool(ws, c * heads * len, len, picked, hist.values(), (c0 + c) * hk);
                    } else {
                        poolGrouped(ws, c * heads * rows, groups, picked, hist.values(), (c0 + c) * hk);
                    }
                }
            }
        }
        K.gemm(n, width, hk, ws.o, 0, hk, unit.wo().values(), 0, width, out, 0, width, false);
    }

    /**
     * {@link #pool} over a history grouped by item ({@link GroupedSearch}): the same selection; the ESU then
     * weighs each fine group by how many of its behaviours were taken (softmax over alpha + ln c, pooling over
     * fine groups).
     */
    private void poolGrouped(Workspace ws, int base, ItemGroups groups, int picked, float[] values, int oo) {
        int g = groups.groups;
        GroupedSearch search = ws.search;
        int touched = search.select(groups, ws.alpha, base, heads, picked);
        ws.lnCount = ensure(ws.lnCount, touched);
        for (int t = 0; t < touched; t++) {
            ws.rows[t] = values;
            ws.offsets[t] = search.touched[t] * hk;
            int c = search.multiplicity[t];
            ws.lnCount[t] = LnCounts.of(c);
        }
        for (int h = 0; h < heads; h++) {
            int off = base + h * g;
            for (int t = 0; t < touched; t++) {
                int s = search.touched[t];
                float w = ws.alpha[off + groups.itemGroupOf[s]] + groups.bias[s];
                ws.weights[h * touched + t] = search.multiplicity[t] == 1 ? w : w + ws.lnCount[t];
            }
            K.softmax(ws.weights, h * touched, touched, null, 0);
        }
        K.headPool(ws.weights, ws.rows, ws.offsets, touched, heads, dk, ws.o, oo);
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
