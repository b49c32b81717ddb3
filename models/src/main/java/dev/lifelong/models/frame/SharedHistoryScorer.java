package dev.lifelong.models.frame;

import dev.lifelong.core.kernel.RowPrefetch;
import dev.lifelong.core.layer.Mlp;
import dev.lifelong.core.layer.TargetAttention;
import dev.lifelong.data.batch.BehaviourSequences;
import dev.lifelong.data.batch.SampleBatch;

/**
 * Serving's forward pass for models whose units attend over item-side behaviour rows (every short unit but
 * DIN's, and the long units of {@code ta-full-long} and {@code eta}) or split their own work into a shared and
 * a per-candidate part ({@link SharedInterest}: {@code twin}, {@code sdim}). Many candidates are scored against one history
 * with frozen parameters, so work is shared instead of repeated per candidate:
 * <ul>
 *   <li>the short slice's keys and values are projected once per request (and {@code ta-full-long}'s whole
 *       long slice), and each head's scores for all candidates of a chunk are one GEMM against them;</li>
 *   <li>{@code eta}'s retrieved behaviours take their keys and values from a table of every item's, projected
 *       when the version loads (MODELS.md, ETA 7): per candidate only the k rows' dot products remain;</li>
 *   <li>a candidate's queries and its share of the MLP's first layer come from a table of every item's, and
 *       the heads' output projections are folded into that layer ({@link CandidateSide});</li>
 *   <li>the rest of the MLP runs as GEMMs over the chunk.</li>
 * </ul>
 * It computes the function {@link CtrModel#run} computes, in another order: training folds each query into key
 * space because there every row is seen once; here every row is seen by every candidate. Scores therefore
 * agree with {@code evaluate}'s to float rounding, not bit for bit (tested to 1e-5 in probability).
 */
public final class SharedHistoryScorer {

    /**
     * The most floats an item-side table may hold (1 GB): past it, a vocabulary is served through the training
     * forward pass rather than failing to load.
     */
    public static final long MAX_TABLE_FLOATS = 1L << 28;

    /** Items projected per GEMM when the item table is built, and history rows per GEMM per request. */
    private static final int BLOCK = 4096;
    /** Candidates scored at once over a shared long slice: their scores are {@code [block, L]} floats. */
    private static final int SHARED_BLOCK = 32;

    private final Embeddings emb;
    private final TargetAttention shortTa;
    private final TargetAttention longTa;
    private final Retrieval retrieval;
    private final SharedInterest longShared;
    private final Mlp mlp;
    private final int longOut;
    private final int hk;
    private final int[] itemCategory;
    private final float[] itemKeys;     // in the layout TargetAttention.attendRows reads
    private final float[] itemValues;
    private final CandidateSide candidates;

    private SharedHistoryScorer(CtrModel model, Retrieval retrieval, SharedInterest longShared, int[] itemCategory) {
        this.emb = model.embeddings();
        this.shortTa = model.shortUnit().rowAttention();
        this.longTa = model.longUnit() == null ? null : model.longUnit().rowAttention();
        this.longShared = longShared;
        this.retrieval = retrieval;
        this.mlp = model.mlp();
        this.longOut = model.longUnit() == null ? 0 : model.longUnit().outDim();
        // Query and pooled-value buffers serve both units in turn: as wide as the wider.
        this.hk = Math.max(shortTa.heads() * shortTa.headDim(),
                longTa == null ? 0 : longTa.heads() * longTa.headDim());
        this.itemCategory = itemCategory.clone();
        this.candidates = new CandidateSide(emb, shortTa, longTa, longOut, mlp, this.itemCategory);
        if (longTa != null && retrieval != null) {
            int items = itemCategory.length;
            int lhk = longTa.heads() * longTa.headDim();
            itemKeys = new float[items * lhk];
            itemValues = new float[items * lhk];
            int[] ids = java.util.stream.IntStream.range(0, items).toArray();
            project(longTa, ids, itemCategory, 0, items, itemKeys, itemValues);
            longTa.toRowLayout(itemKeys, 0, items);
        } else {
            itemKeys = null;
            itemValues = null;
        }
    }

    /**
     * The scorer for {@code model}, or null when one of its units neither attends over item-side rows nor has a
     * {@link SharedInterest} (DIN, mean pooling, SIM soft: those score through {@link CtrModel#run}), or when
     * its item table would be larger than {@link #MAX_TABLE_FLOATS}.
     *
     * @param retrieval    the long unit's serving retrieval (null when it attends to the whole slice)
     * @param itemCategory each item's usual category: the item table is projected with it
     */
    public static SharedHistoryScorer of(CtrModel model, Retrieval retrieval, int[] itemCategory) {
        SequenceUnit lu = model.longUnit();
        if (model.shortUnit().rowAttention() == null) {
            return null;
        }
        if (lu != null && lu.rowAttention() != null && retrieval != null
                && 2L * itemCategory.length * lu.rowAttention().heads() * lu.rowAttention().headDim() > MAX_TABLE_FLOATS) {
            return null;
        }
        SharedInterest shared = lu == null || lu.rowAttention() != null ? null : lu.sharedInterest(itemCategory);
        if (lu != null && lu.rowAttention() == null && shared == null) {
            return null;
        }
        return new SharedHistoryScorer(model, retrieval, shared, itemCategory);
    }

    /** Per-worker buffers, reused from chunk to chunk. */
    public static final class Workspace {
        final Mlp.Workspace mlp;
        final CandidateSide.Rows rows = new CandidateSide.Rows();
        int[] items = new int[0];
        int[] categories = new int[0];
        float[] pooled = new float[0];
        float[] longOut = new float[0];
        float[] scores = new float[0];
        float[] rowQueries = new float[0];   // eta: the chunk's long queries in the layout attendRows reads
        /** eta: the chunk's candidates' retrieved rows. */
        private Selection[] selections = new Selection[0];
        final Object longShared;

        Workspace(Mlp mlp, SharedInterest longShared) {
            this.mlp = mlp.newWorkspace();
            this.longShared = longShared == null ? null : longShared.newWorkspace();
        }

        /** Room for {@code n} candidates' selections of up to {@code limit} rows each. */
        Selection[] selections(int n, int limit) {
            if (selections.length < n) {
                Selection[] grown = java.util.Arrays.copyOf(selections, n);
                for (int i = selections.length; i < n; i++) {
                    grown[i] = new Selection();
                }
                selections = grown;
            }
            for (int i = 0; i < n; i++) {
                selections[i].ensure(limit);
            }
            return selections;
        }
    }

    /** The rows chosen for one candidate, where their keys and values lie, and how many alike each stands for. */
    static final class Selection {
        int[] positions = new int[0];
        int[] multiplicity = new int[0];
        float[][] keys = new float[0][];
        float[][] values = new float[0][];
        int[] offsets = new int[0];
        int rows;

        void ensure(int limit) {
            if (positions.length < Math.max(limit, 1)) {
                positions = new int[Math.max(limit, 1)];
                multiplicity = new int[Math.max(limit, 1)];
                keys = new float[limit][];
                values = new float[limit][];
                offsets = new int[limit];
            }
        }
    }

    /**
     * Whether a request prefetches each candidate's retrieved rows ({@link RowPrefetch}): when the history's
     * distinct rows, keys and values, are more than a core's L2 holds (1 MB on the machines measured), so that
     * they come from the last-level cache or memory. Below it they stay in L2 once used, and prefetching costs
     * more than it saves.
     */
    static boolean prefetches(long distinctRows, int rowFloats) {
        return distinctRows * 2L * rowFloats * Float.BYTES > PREFETCH_ABOVE_BYTES;
    }

    static final long PREFETCH_ABOVE_BYTES = 1L << 20;

    /** Bytes of the item-side tables built for this version, the long unit's own included. */
    public long tableBytes() {
        long own = itemKeys == null ? 0 : 4L * (itemKeys.length + itemValues.length);
        return own + candidates.tableBytes() + (longShared == null ? 0 : longShared.tableBytes());
    }

    public Workspace newWorkspace() {
        return new Workspace(mlp, longShared);
    }

    /**
     * One request's shared work, from the history slices assembled for it ({@code slice}: one sample, its short
     * and long sequences).
     */
    public Request prepare(SampleBatch slice) {
        return new Request(slice, longTa != null && retrieval != null ? retrieval.prepare(slice.longSequence(), 0)
                : null);
    }

    /** Projected rows of one request; {@link #score} may run on several workers at once. */
    public final class Request {
        private final TargetAttention.SharedRows shortSlice;
        private final TargetAttention.SharedRows longSlice;   // ta-full-long: the whole long slice
        private final float[] longKeys;     // rows outside the item table (retrieval), in attendRows' layout
        private final float[] longValues;
        private final int[] rowRef;         // retrieval: per long position, offset in the item table or ~offset in longKeys
        private final Retrieval.Prepared prepared;
        private final SharedInterest.Request longRequest;
        private final boolean prefetch;

        private Request(SampleBatch slice, Retrieval.Prepared prepared) {
            this.prepared = prepared;
            this.prefetch = prepared != null && prefetches(prepared.distinctRows(),
                    longTa.heads() * longTa.headDim());
            this.longRequest = longShared == null ? null : longShared.prepare(slice.longSequence(), 0);
            BehaviourSequences s = slice.shortSequence();
            int shortRows = s.length(0);
            int shk = shortTa.queryWidth();
            float[] shortKeys = new float[shortRows * shk];
            float[] shortValues = new float[shortRows * shk];
            project(shortTa, s.items(), s.categories(), s.start(0), shortRows, shortKeys, shortValues);
            shortSlice = shortTa.shareRows(shortKeys, shortValues, shortRows);
            BehaviourSequences l = slice.longSequence();
            int longRows = longTa == null ? 0 : l.length(0);
            if (longTa == null) {
                longKeys = longValues = null;
                rowRef = null;
                longSlice = null;
            } else if (retrieval == null) {
                longSlice = wholeSlice(l, longRows);
                longKeys = longValues = null;
                rowRef = null;
            } else {
                longSlice = null;
                rowRef = new int[longRows];
                int lhk = longTa.heads() * longTa.headDim();
                int[] outside = new int[longRows];
                int extra = 0;
                for (int i = 0; i < longRows; i++) {
                    int item = l.items()[l.start(0) + i];
                    if (item > 0 && item < itemCategory.length
                            && itemCategory[item] == l.categories()[l.start(0) + i]) {
                        rowRef[i] = item * lhk;
                    } else {
                        rowRef[i] = ~(extra * lhk);
                        outside[extra++] = l.start(0) + i;
                    }
                }
                // A behaviour seen with another category than its item's usual one is projected here, so the
                // rows are always exactly the training ones.
                longKeys = new float[extra * lhk];
                longValues = new float[extra * lhk];
                int[] ids = new int[extra];
                int[] cats = new int[extra];
                for (int e = 0; e < extra; e++) {
                    ids[e] = l.items()[outside[e]];
                    cats[e] = l.categories()[outside[e]];
                }
                project(longTa, ids, cats, 0, extra, longKeys, longValues);
                longTa.toRowLayout(longKeys, 0, extra);
            }
        }

        /**
         * {@code ta-full-long}'s long slice projected for every candidate to attend over. A lifelong history
         * returns to its items, and alike behaviours (same item and category) are the same row: when there are
         * at most a quarter as many distinct rows as behaviours, each is projected once and weighs as its copies.
         */
        private TargetAttention.SharedRows wholeSlice(BehaviourSequences l, int longRows) {
            int lhk = longTa.queryWidth();
            RowGroups g = longRows == 0 ? null
                    : RowGroups.of(RowGroups.itemAndCategoryKeys(l.items(), l.categories(), l.start(0), longRows),
                            longRows);
            if (g == null || !g.worthGrouping()) {
                float[] keys = new float[longRows * lhk];
                float[] values = new float[longRows * lhk];
                project(longTa, l.items(), l.categories(), l.start(0), longRows, keys, values);
                return longTa.shareRows(keys, values, longRows);
            }
            int groups = g.groups();
            int[] ids = new int[groups];
            int[] cats = new int[groups];
            for (int k = 0; k < groups; k++) {
                ids[k] = l.items()[l.start(0) + g.first(k)];
                cats[k] = l.categories()[l.start(0) + g.first(k)];
            }
            float[] keys = new float[groups * lhk];
            float[] values = new float[groups * lhk];
            project(longTa, ids, cats, 0, groups, keys, values);
            return longTa.shareRows(keys, values, groups, g.counts());
        }

        /**
         * Logits of candidates {@code [from, to)} of {@code items}/{@code categories} into {@code logits[from ..
         * to)}.
         */
        public void score(int[] items, int[] categories, int from, int to, float[] logits, Workspace ws) {
            int n = to - from;
            ws.items = ensure(ws.items, n);
            ws.categories = ensure(ws.categories, n);
            System.arraycopy(items, from, ws.items, 0, n);
            System.arraycopy(categories, from, ws.categories, 0, n);
            ws.pooled = ensure(ws.pooled, n * hk);
            float[] pre = mlp.firstLayerOutput(n, ws.mlp);
            CandidateSide.Rows rows = ws.rows;
            candidates.candidates(ws.items, ws.categories, n, rows, pre);

            ws.scores = ensure(ws.scores, Math.max(n * shortSlice.scoresPerQuery(), 1));
            shortTa.attendShared(rows.shortQ, 0, n, shortSlice, ws.pooled, 0, ws.scores);
            candidates.addShort(ws.pooled, n, pre);
            if (longRequest != null) {
                ws.longOut = ensure(ws.longOut, n * longOut);
                longRequest.interests(rows.q, ws.items, ws.categories, n, ws.longOut, ws.longShared);
                candidates.addLong(ws.longOut, n, pre);
            } else if (longTa != null) {
                if (rowRef == null) {
                    attendWholeSlice(n, ws);
                } else {
                    attendRetrieved(n, ws);
                }
                candidates.addLong(ws.pooled, n, pre);
            }
            float[] out = mlp.forwardFromFirstLayer(n, ws.mlp);
            System.arraycopy(out, 0, logits, from, n);
        }

        private void attendWholeSlice(int n, Workspace ws) {
            int lhk = longTa.heads() * longTa.headDim();
            ws.scores = ensure(ws.scores, Math.max(SHARED_BLOCK * longSlice.scoresPerQuery(), 1));
            for (int b = 0; b < n; b += SHARED_BLOCK) {
                int m = Math.min(SHARED_BLOCK, n - b);
                longTa.attendShared(ws.rows.longQ, b * lhk, m, longSlice, ws.pooled, b * lhk, ws.scores);
            }
        }

        /**
         * Each candidate's long unit over its retrieved rows: every candidate's rows are selected first, then
         * every candidate attends, so that each pass keeps its own tables in cache (the history's signatures
         * and groups, then the rows' keys and values) rather than each candidate evicting the other's. When the
         * history's rows do not stay in cache ({@link #prefetches}), the next candidate's rows are fetched
         * before this one's are attended: fetched together, their misses are in flight at once, and the
         * attention a candidate later finds them in cache instead of stalling on one row after another.
         */
        private void attendRetrieved(int n, Workspace ws) {
            int lhk = longTa.heads() * longTa.headDim();
            int limit = retrieval.limit();
            ws.scores = ensure(ws.scores, longTa.rowScores(limit));
            ws.rowQueries = ensure(ws.rowQueries, n * lhk);
            System.arraycopy(ws.rows.longQ, 0, ws.rowQueries, 0, n * lhk);
            longTa.toRowLayout(ws.rowQueries, 0, n);
            Selection[] sel = ws.selections(n, limit);
            Retrieval.Selector selector = prepared.selector();
            for (int b = 0; b < n; b++) {
                select(selector, ws.items[b], ws.categories[b], sel[b]);
            }
            if (prefetch && n > 0) {
                fetch(sel[0], lhk);
            }
            for (int b = 0; b < n; b++) {
                if (prefetch && b + 1 < n) {
                    fetch(sel[b + 1], lhk);
                }
                Selection now = sel[b];
                longTa.attendRows(ws.rowQueries, b * lhk, now.keys, now.values, now.offsets, now.multiplicity,
                        now.rows, ws.pooled, b * lhk, ws.scores);
            }
        }

        private void fetch(Selection s, int width) {
            RowPrefetch.rows(s.keys, s.values, s.offsets, s.rows, width);
        }

        private void select(Retrieval.Selector selector, int item, int category, Selection s) {
            int kept = selector.selectGrouped(item, category, s.positions, s.multiplicity);
            // A row's arrays are written only when they change (nearly every row is the item table's): a
            // reference stored into an array pays the collector's write barrier, a comparison only a load.
            for (int i = 0; i < kept; i++) {
                int ref = rowRef[s.positions[i]];
                if (ref >= 0) {
                    s.offsets[i] = ref;
                    if (s.keys[i] != itemKeys) {
                        s.keys[i] = itemKeys;
                        s.values[i] = itemValues;
                    }
                } else {
                    s.offsets[i] = ~ref;
                    if (s.keys[i] != longKeys) {
                        s.keys[i] = longKeys;
                        s.values[i] = longValues;
                    }
                }
            }
            s.rows = kept;
        }
    }

    /** Keys and values of rows {@code [from, from + n)} of the id arrays, projected in blocks of gathered rows. */
    private void project(TargetAttention ta, int[] items, int[] categories, int from, int n, float[] keys,
                         float[] values) {
        emb.gatherInBlocks(items, categories, from, n, BLOCK, (rows, m, at) -> ta.projectRows(rows, m, keys, values,
                at));
    }

    private static float[] ensure(float[] a, int n) {
        return a.length >= n ? a : new float[n];
    }

    private static int[] ensure(int[] a, int n) {
        return a.length >= n ? a : new int[n];
    }
}
