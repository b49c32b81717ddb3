package dev.lifelong.models.sdim;

import dev.lifelong.core.param.Gradients;
import dev.lifelong.data.batch.BehaviourSequences;
import dev.lifelong.models.eta.SimHashSignatures;
import dev.lifelong.models.frame.Attended;
import dev.lifelong.models.frame.Embeddings;
import dev.lifelong.models.frame.SequenceUnit;
import dev.lifelong.models.frame.Targets;
import dev.lifelong.models.frame.DistinctBehaviours;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;

/**
 * SDIM, sampling-based deep interest modelling (Cao et al., WSDM 2022; MODELS.md, {@code sdim}): m = tau x S
 * fixed random Gaussian hash vectors make S signatures of tau sign bits. Behaviour i collides with the target in
 * signature s when all tau bits agree; the interest for s is the l2-normalised sum of the colliding behaviour
 * vectors (zero if none), and the long interest is the mean over the S signatures. No attention parameters and
 * no top-k; per target the cost is independent of the attention width. Gradients reach the colliding
 * behaviours' embeddings; none flows through the hashing.
 */
public final class SdimUnit implements SequenceUnit {

    private final Embeddings emb;
    private final SimHashSignatures hashes;
    private final int tau;
    private final int groups;

    public SdimUnit(Embeddings emb, int tau, int groups, long seed) {
        this.emb = emb;
        this.tau = tau;
        this.groups = groups;
        this.hashes = new SimHashSignatures(emb.items(), emb.categories(), tau * groups, seed, "sdim.hash");
    }

    @Override
    public boolean readsCrossFeatures() {
        return false;
    }

    @Override
    public int outDim() {
        return emb.width();
    }

    @Override
    public java.util.Map<String, float[]> state() {
        return java.util.Map.of("hash", hashes.hashMatrix());
    }

    /** Per-worker buffers. */
    static final class Workspace {
        final DistinctBehaviours pairs = new DistinctBehaviours();   // the batch's (item, category) pairs
        int[] codes = new int[0];        // [distinct, groups] each pair's bucket codes
        int[] rowCode = new int[0];      // slot of each sequence row: its pair's number
        long[] sig = new long[0];
        float[] sums = new float[0];     // [B, groups, d]
        float[] norms = new float[0];    // [B, groups]
        float[] row = new float[0];
        int[] lastTargetCodes = new int[0];
        int distinct;                    // slots of the last forward pass
        // Backward, per sample: each slot's collision pattern (stamped with the sample), and each pattern's
        // gradient row, computed once.
        int[] slotStamp = new int[0];
        int[] slotPattern = new int[0];
        int[] slotCount = new int[0];    // forward: each slot's occurrences in the sample, stamped likewise
        int[] order = new int[0];        // forward: the sample's slots in order of first occurrence
        int stamp;
        final Long2IntOpenHashMap patternOf = new Long2IntOpenHashMap();
        float[] patternRows = new float[0];
    }

    /** Behaviours that collide with the target in at least one signature, weighted by the share that collide. */
    @Override
    public Attended explain(Object workspace, BehaviourSequences seq, int b) {
        Workspace ws = (Workspace) workspace;
        int[] target = new int[groups];
        it.unimi.dsi.fastutil.ints.IntArrayList pos = new it.unimi.dsi.fastutil.ints.IntArrayList();
        it.unimi.dsi.fastutil.floats.FloatArrayList w = new it.unimi.dsi.fastutil.floats.FloatArrayList();
        System.arraycopy(ws.lastTargetCodes, b * groups, target, 0, groups);
        for (int r = seq.start(b); r < seq.start(b + 1); r++) {
            int hits = 0;
            for (int s = 0; s < groups; s++) {
                hits += ws.codes[ws.rowCode[r] * groups + s] == target[s] ? 1 : 0;
            }
            if (hits > 0) {
                pos.add(r);
                w.add((float) hits / groups);
            }
        }
        return new Attended(pos.toIntArray(), w.toFloatArray());
    }

    @Override
    public Object newWorkspace() {
        return new Workspace();
    }

    private void code(int item, int category, Workspace ws, int[] out, int off) {
        if (ws.sig.length < hashes.words()) {
            ws.sig = new long[hashes.words()];
        }
        code(item, category, ws.sig, out, off);
    }

    /** The S bucket codes (tau bits each) of one behaviour or target into {@code out[off ..]}. */
    void code(int item, int category, long[] sig, int[] out, int off) {
        hashes.signature(item, category, sig, 0);
        for (int s = 0; s < groups; s++) {
            int c = 0;
            for (int t = 0; t < tau; t++) {
                int bit = s * tau + t;
                c |= (int) ((sig[bit >>> 6] >>> (bit & 63)) & 1L) << t;
            }
            out[off + s] = c;
        }
    }

    int groups() {
        return groups;
    }

    int tau() {
        return tau;
    }

    int words() {
        return hashes.words();
    }

    Embeddings embeddings() {
        return emb;
    }

    @Override
    public dev.lifelong.models.frame.SharedInterest sharedInterest(int[] itemCategory) {
        // S x 2^tau buckets of d floats per request: fine for the defaults (16 x 8), not for long signatures.
        return (long) groups << tau > MAX_BUCKETS ? null : new SdimServing(this);
    }

    /** Buckets a request may sum its history into; past it SDIM is served through the forward pass. */
    private static final long MAX_BUCKETS = 1 << 12;

    @Override
    public void forward(Targets targets, BehaviourSequences seq, float[] out, Object workspace, boolean training) {
        Workspace ws = (Workspace) workspace;
        int batch = seq.batch();
        int d = emb.width();
        int n = seq.rows();
        if (ws.rowCode.length < n) {
            ws.rowCode = new int[n];
        }
        DistinctBehaviours pairs = ws.pairs;
        pairs.reset(emb.items().rows());
        for (int r = 0; r < n; r++) {
            ws.rowCode[r] = pairs.number(seq.items()[r], seq.categories()[r]);
        }
        int distinct = pairs.size();
        if (ws.codes.length < distinct * groups) {
            ws.codes = new int[Math.max(distinct * groups, 2 * ws.codes.length)];
        }
        for (int s = 0; s < distinct; s++) {
            code(pairs.item(s), pairs.category(s), ws, ws.codes, s * groups);
        }
        ws.distinct = distinct;
        if (ws.sums.length < batch * groups * d) {
            ws.sums = new float[batch * groups * d];
            ws.norms = new float[batch * groups];
        }
        java.util.Arrays.fill(ws.sums, 0, batch * groups * d, 0f);
        java.util.Arrays.fill(out, 0, batch * d, 0f);
        int[] target = new int[groups];
        if (ws.row.length < d) {
            ws.row = new float[d];
        }
        if (ws.lastTargetCodes.length < batch * groups) {
            ws.lastTargetCodes = new int[batch * groups];
        }
        for (int b = 0; b < batch; b++) {
            code(targets.items()[b], targets.categories()[b], ws, target, 0);
            System.arraycopy(target, 0, ws.lastTargetCodes, b * groups, groups);
            if (groups <= 64) {
                sumByPattern(seq, b, target, ws);
            } else {
                sumRowByRow(seq, b, target, ws);
            }
            for (int s = 0; s < groups; s++) {
                int so = (b * groups + s) * d;
                double sq = 0;
                for (int c = 0; c < d; c++) {
                    sq += (double) ws.sums[so + c] * ws.sums[so + c];
                }
                float norm = (float) Math.sqrt(sq);
                ws.norms[b * groups + s] = norm;
                if (norm > 0) {
                    for (int c = 0; c < d; c++) {
                        out[b * d + c] += ws.sums[so + c] / norm / groups;
                    }
                }
            }
        }
    }

    @Override
    public void backward(Targets targets, BehaviourSequences seq, float[] dOut, float[] dQ, Object workspace,
                         Gradients grads) {
        Workspace ws = (Workspace) workspace;
        int batch = seq.batch();
        int d = emb.width();
        float[] dSum = new float[groups * d];
        float[] dRow = new float[d];
        int[] target = new int[groups];
        for (int b = 0; b < batch; b++) {
            // n = g / |g|; dn = dOut / S; dg = (dn - n (n . dn)) / |g|
            for (int s = 0; s < groups; s++) {
                float norm = ws.norms[b * groups + s];
                int so = (b * groups + s) * d;
                if (norm == 0) {
                    java.util.Arrays.fill(dSum, s * d, (s + 1) * d, 0f);
                    continue;
                }
                double nd = 0;
                for (int c = 0; c < d; c++) {
                    nd += ws.sums[so + c] / norm * dOut[b * d + c] / groups;
                }
                for (int c = 0; c < d; c++) {
                    float n = ws.sums[so + c] / norm;
                    dSum[s * d + c] = (float) ((dOut[b * d + c] / groups - n * nd) / norm);
                }
            }
            code(targets.items()[b], targets.categories()[b], ws, target, 0);
            if (groups <= 64) {
                scatterByPattern(seq, b, target, dSum, ws, grads);
            } else {
                scatterRowByRow(seq, b, target, dSum, dRow, ws, grads);
            }
        }
    }

    /**
     * Sample b's rows' gradients into the embeddings, in row order. A row's gradient is the sum of the signatures'
     * gradients it collides in, so it depends on its collision pattern alone: a history returns to the same items
     * (and its items to a few patterns), so each slot's pattern is found once per sample and each pattern's row
     * summed once, by the same additions in the same order as row by row.
     */
    void scatterByPattern(BehaviourSequences seq, int b, int[] target, float[] dSum, Workspace ws,
                                  Gradients grads) {
        int d = emb.width();
        nextStamp(ws);
        ws.patternOf.clear();
        ws.patternOf.defaultReturnValue(-1);
        int patterns = 0;
        for (int r = seq.start(b); r < seq.start(b + 1); r++) {
            int slot = ws.rowCode[r];
            int p;
            if (ws.slotStamp[slot] == ws.stamp) {
                p = ws.slotPattern[slot];
            } else {
                long mask = pattern(ws, slot, target);
                p = mask == 0 ? -1 : ws.patternOf.get(mask);
                if (mask != 0 && p < 0) {
                    p = patterns++;
                    if (ws.patternRows.length < patterns * d) {
                        ws.patternRows = java.util.Arrays.copyOf(ws.patternRows, Math.max(patterns * d,
                                2 * ws.patternRows.length));
                    }
                    int po = p * d;
                    java.util.Arrays.fill(ws.patternRows, po, po + d, 0f);
                    for (int s = 0; s < groups; s++) {
                        if ((mask >>> s & 1L) != 0) {
                            for (int c = 0; c < d; c++) {
                                ws.patternRows[po + c] += dSum[s * d + c];
                            }
                        }
                    }
                    ws.patternOf.put(mask, p);
                }
                ws.slotStamp[slot] = ws.stamp;
                ws.slotPattern[slot] = p;
            }
            if (p >= 0) {
                emb.scatterRow(seq.items()[r], seq.categories()[r], ws.patternRows, p * d, grads);
            }
        }
    }

    /**
     * Sample b's distinct behaviours (slots) in order of first occurrence into {@code ws.order}, each with how
     * often it occurs in {@code ws.slotCount}; returns how many.
     */
    private int occurrences(BehaviourSequences seq, int b, Workspace ws) {
        nextStamp(ws);
        int m = 0;
        for (int r = seq.start(b); r < seq.start(b + 1); r++) {
            int slot = ws.rowCode[r];
            if (ws.slotStamp[slot] != ws.stamp) {
                ws.slotStamp[slot] = ws.stamp;
                ws.slotCount[slot] = 0;
                ws.order[m++] = slot;
            }
            ws.slotCount[slot]++;
        }
        return m;
    }

    /**
     * Sample b's signature sums: each distinct behaviour that collides with the target added once, times how
     * often it occurs, to the sums of the signatures it collides in, in order of first occurrence. Serving sums
     * a request's history the same way ({@link SdimServing}), so its interests are these bit for bit: a lifelong
     * history returns to the same items, and its buckets cost one row per item, not per behaviour.
     */
    void sumByPattern(BehaviourSequences seq, int b, int[] target, Workspace ws) {
        int d = emb.width();
        int dim = emb.dim();
        float[] itemValues = emb.items().values();
        float[] categoryValues = emb.categories().values();
        int m = occurrences(seq, b, ws);
        for (int k = 0; k < m; k++) {
            int slot = ws.order[k];
            long mask = pattern(ws, slot, target);
            if (mask == 0) {
                continue;
            }
            float count = ws.slotCount[slot];
            int io = ws.pairs.item(slot) * dim;
            int co = ws.pairs.category(slot) * dim;
            for (long bits = mask; bits != 0; bits &= bits - 1) {
                int so = (b * groups + Long.numberOfTrailingZeros(bits)) * d;
                for (int c = 0; c < dim; c++) {
                    ws.sums[so + c] += count * itemValues[io + c];
                }
                for (int c = 0; c < dim; c++) {
                    ws.sums[so + dim + c] += count * categoryValues[co + c];
                }
            }
        }
    }

    /** The signatures in which slot {@code slot} collides with the target, as bits (groups <= 64). */
    private long pattern(Workspace ws, int slot, int[] target) {
        long mask = 0;
        int c0 = slot * groups;
        for (int s = 0; s < groups; s++) {
            mask |= ws.codes[c0 + s] == target[s] ? 1L << s : 0L;
        }
        return mask;
    }

    /** A stamp for the next sample's slot caches, sized to the last forward pass's slots. */
    private static void nextStamp(Workspace ws) {
        if (ws.slotStamp.length < ws.distinct) {
            int n = Math.max(ws.distinct, 2 * ws.slotStamp.length);
            ws.slotStamp = new int[n];
            ws.slotPattern = new int[n];
            ws.slotCount = new int[n];
            ws.order = new int[n];
            ws.stamp = 0;
        }
        if (++ws.stamp == Integer.MAX_VALUE) {
            java.util.Arrays.fill(ws.slotStamp, 0);
            ws.stamp = 1;
        }
    }

    /** {@link #sumByPattern} for more than 64 signatures: every distinct behaviour's codes compared. */
    void sumRowByRow(BehaviourSequences seq, int b, int[] target, Workspace ws) {
        int d = emb.width();
        int m = occurrences(seq, b, ws);
        for (int k = 0; k < m; k++) {
            int slot = ws.order[k];
            int c0 = slot * groups;
            float count = ws.slotCount[slot];
            boolean gathered = false;
            for (int s = 0; s < groups; s++) {
                if (ws.codes[c0 + s] == target[s]) {
                    if (!gathered) {
                        emb.gatherRow(ws.pairs.item(slot), ws.pairs.category(slot), ws.row, 0);
                        gathered = true;
                    }
                    int so = (b * groups + s) * d;
                    for (int c = 0; c < d; c++) {
                        ws.sums[so + c] += count * ws.row[c];
                    }
                }
            }
        }
    }

    /** {@link #scatterByPattern} for more than 64 signatures: every row's gradient summed on its own. */
    void scatterRowByRow(BehaviourSequences seq, int b, int[] target, float[] dSum, float[] dRow,
                                 Workspace ws, Gradients grads) {
        int d = emb.width();
        for (int r = seq.start(b); r < seq.start(b + 1); r++) {
            int c0 = ws.rowCode[r] * groups;
            boolean any = false;
            java.util.Arrays.fill(dRow, 0f);
            for (int s = 0; s < groups; s++) {
                if (ws.codes[c0 + s] == target[s]) {
                    any = true;
                    for (int c = 0; c < d; c++) {
                        dRow[c] += dSum[s * d + c];
                    }
                }
            }
            if (any) {
                emb.scatterRow(seq.items()[r], seq.categories()[r], dRow, 0, grads);
            }
        }
    }
}
