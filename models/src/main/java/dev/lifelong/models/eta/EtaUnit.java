package dev.lifelong.models.eta;

import dev.lifelong.core.layer.JaggedRows;
import dev.lifelong.core.layer.TargetAttention;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.ParameterSet;
import dev.lifelong.data.batch.BehaviourSequences;
import dev.lifelong.models.frame.Attended;
import dev.lifelong.models.frame.DistinctBehaviours;
import dev.lifelong.models.frame.Embeddings;
import dev.lifelong.models.frame.SequenceUnit;
import dev.lifelong.models.frame.Targets;

/**
 * ETA's long unit (Chen et al., arXiv 2108.04468): SimHash signatures of the target and of every behaviour of
 * the long sequence, Hamming top-k retrieval, then multi-head target attention over the k retrieved behaviours
 * only. No gradient flows through hashing or selection; gradients reach the embeddings through the retrieved
 * behaviours and the target. Signatures are computed once per distinct (item, category) of a batch.
 *
 * <p>Shapes: {@code q [B, d]}; long sequence ids {@code [sum L_b]}; retrieved {@code [sum min(L_b, k), d]};
 * output {@code [B, d]}. Deviation from the paper: none known; the paper's item embedding is the whole
 * behaviour vector, ours is item + category, hashed as one vector.
 */
public final class EtaUnit implements SequenceUnit {

    private final Embeddings emb;
    private final SimHashSignatures signatures;
    private final TargetAttention attention;
    private final int k;

    public EtaUnit(ParameterSet params, String name, Embeddings emb, int heads, int bits, int k, long seed) {
        this.emb = emb;
        this.k = k;
        this.signatures = new SimHashSignatures(emb.items(), emb.categories(), bits, seed);
        int d = emb.width();
        this.attention = new TargetAttention(params, name, d, d, heads, d / heads, d);
    }

    public SimHashSignatures signatures() {
        return signatures;
    }

    @Override
    public dev.lifelong.models.frame.Retrieval retrieval(int[] itemCategory) {
        return new EtaRetrieval(signatures, k, itemCategory);
    }

    @Override
    public java.util.Map<String, float[]> state() {
        return java.util.Map.of("simhash", signatures.hashMatrix());
    }

    @Override
    public TargetAttention rowAttention() {
        return attention;
    }

    @Override
    public boolean readsCrossFeatures() {
        return false;
    }

    @Override
    public int outDim() {
        return emb.width();
    }

    /** Per-worker buffers; the retrieved rows of the last forward pass are what an explanation reports. */
    public static final class Workspace {
        final HammingTopK topK = new HammingTopK();
        final DistinctBehaviours pairs = new DistinctBehaviours();   // the batch's (item, category) pairs
        int[] rowSlot = new int[0];         // slot of each behaviour of the batch: its pair's number
        final TargetAttention.Workspace attention;
        long[] sigs = new long[0];          // per distinct (item, category) of the batch: signatures of m > 64
        long[] sequenceSigs = new long[0];  // one sample's sequence, m <= 64
        long[] targetSig = new long[0];
        int[] distances = new int[0];       // m > 64: one sample's distances
        int[] selected = new int[0];
        int[] offsets = new int[1];
        int[] items = new int[0];
        int[] categories = new int[0];
        int[] sourceRow = new int[0];
        float[] rows = new float[0];
        float[] dRows = new float[0];
        JaggedRows retrieved;

        Workspace(TargetAttention ta) {
            attention = ta.newWorkspace();
        }

        /** For sample b of the last batch, the positions in its long sequence that were retrieved. */
        public int[] retrievedPositions(int b) {
            int[] out = new int[offsets[b + 1] - offsets[b]];
            System.arraycopy(sourceRow, offsets[b], out, 0, out.length);
            return out;
        }
    }

    @Override
    public Attended explain(Object workspace, BehaviourSequences seq, int b) {
        Workspace ws = (Workspace) workspace;
        int[] pos = ws.retrievedPositions(b);
        for (int i = 0; i < pos.length; i++) {
            pos[i] += seq.start(b);
        }
        return new Attended(pos, attention.meanWeights(ws.attention, ws.retrieved, b));
    }

    @Override
    public Object newWorkspace() {
        return new Workspace(attention);
    }

    @Override
    public void forward(Targets targets, BehaviourSequences seq, float[] out, Object workspace,
                        boolean training) {
        float[] q = targets.q();
        Workspace ws = (Workspace) workspace;
        int batch = seq.batch();
        int words = signatures.words();
        int bits = signatures.bits();
        if (ws.offsets.length < batch + 1) {
            ws.offsets = new int[batch + 1];
        }
        int capacity = 0;
        for (int b = 0; b < batch; b++) {
            capacity += Math.min(k, seq.length(b));
        }
        if (ws.items.length < capacity) {
            ws.items = new int[capacity];
            ws.categories = new int[capacity];
            ws.sourceRow = new int[capacity];
        }
        if (ws.targetSig.length < words) {
            ws.targetSig = new long[words];
        }
        if (words == 1) {
            signatures.beforeLookups(seq.rows());
        } else {
            computeSignatures(seq, ws);
        }
        int at = 0;
        ws.offsets[0] = 0;
        for (int b = 0; b < batch; b++) {
            int len = seq.length(b);
            int start = seq.start(b);
            if (ws.selected.length < len) {
                ws.selected = new int[len];
                ws.distances = new int[words == 1 ? 0 : len];
                ws.sequenceSigs = new long[words == 1 ? len : 0];
            }
            signatures.signature(targets.items()[b], targets.categories()[b], ws.targetSig, 0);
            int kept;
            if (words == 1) {
                // The sequence's signatures side by side, then the selection with a bound (exact, as select).
                signatures.signatures(seq.items(), seq.categories(), start, len, ws.sequenceSigs);
                kept = ws.topK.selectNearest(ws.sequenceSigs, len, ws.targetSig[0], k, bits, ws.selected);
            } else {
                for (int i = 0; i < len; i++) {
                    ws.distances[i] = SimHashSignatures.distance(ws.sigs, ws.rowSlot[start + i] * words,
                            ws.targetSig, 0, words);
                }
                kept = ws.topK.select(ws.distances, len, k, bits, ws.selected);
            }
            for (int j = 0; j < kept; j++) {
                int r = start + ws.selected[j];
                ws.items[at] = seq.items()[r];
                ws.categories[at] = seq.categories()[r];
                ws.sourceRow[at] = ws.selected[j];
                at++;
            }
            ws.offsets[b + 1] = at;
        }
        int d = emb.width();
        if (ws.rows.length < at * d) {
            ws.rows = new float[at * d];
            ws.dRows = new float[at * d];
        }
        emb.gather(ws.items, ws.categories, at, ws.rows);
        ws.retrieved = new JaggedRows(ws.rows, d, ws.offsets, batch, null);
        attention.forward(q, ws.retrieved, out, ws.attention);
    }

    /**
     * Signatures of more than one word (m > 64): one per distinct (item, category) of the batch, and each
     * behaviour's slot, the pair's number.
     */
    private void computeSignatures(BehaviourSequences seq, Workspace ws) {
        int words = signatures.words();
        int n = seq.rows();
        if (ws.rowSlot.length < n) {
            ws.rowSlot = new int[n];
        }
        signatures.beforeLookups(n);
        DistinctBehaviours pairs = ws.pairs;
        pairs.reset(emb.items().rows());
        for (int r = 0; r < n; r++) {
            ws.rowSlot[r] = pairs.number(seq.items()[r], seq.categories()[r]);
        }
        int distinct = pairs.size();
        if (ws.sigs.length < distinct * words) {
            ws.sigs = new long[Math.max(distinct * words, 2 * ws.sigs.length)];
        }
        // A pass of its own: the signatures read rows of a table of several megabytes at random, and independent
        // iterations let the processor overlap those cache misses.
        for (int s = 0; s < distinct; s++) {
            signatures.signature(pairs.item(s), pairs.category(s), ws.sigs, s * words);
        }
    }

    @Override
    public void backward(Targets targets, BehaviourSequences seq, float[] dOut, float[] dQ, Object workspace,
                         Gradients grads) {
        float[] q = targets.q();
        Workspace ws = (Workspace) workspace;
        int n = ws.offsets[seq.batch()];
        java.util.Arrays.fill(ws.dRows, 0, n * emb.width(), 0f);
        attention.backward(q, ws.retrieved, dOut, dQ, ws.dRows, ws.attention, grads);
        emb.scatter(ws.items, ws.categories, n, ws.dRows, grads);
    }
}
