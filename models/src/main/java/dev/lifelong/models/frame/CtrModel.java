package dev.lifelong.models.frame;

import dev.lifelong.core.layer.Activation;
import dev.lifelong.core.layer.BceLoss;
import dev.lifelong.core.layer.Mlp;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.ParameterSet;
import dev.lifelong.data.batch.BatchAssembler;
import dev.lifelong.data.batch.SampleBatch;

/**
 * The frame every model shares (MODELS.md, "Shared frame"):
 * {@code sigmoid(MLP([q ; short_interest ; long_interest]))} where q is the target's item and category
 * embeddings, the short unit reads the most recent {@code shortLen} behaviours and the long unit (absent for
 * {@code din-short}) the most recent {@code longLen}. Only the units differ between models, so a comparison
 * isolates the long unit. Holds parameters only; per-worker state lives in a {@link Shard}.
 *
 * <p>Deviation from MODELS.md's frame: no user or context features enter the MLP (the datasets carry none but
 * the user id, and a user-id embedding would let models memorise users rather than read their histories).
 */
public final class CtrModel {

    private final String name;
    private final ModelConfig config;
    private final ParameterSet params;
    private final Embeddings embeddings;
    private final SequenceUnit shortUnit;
    private final SequenceUnit longUnit;
    private final Mlp mlp;

    /** Built by {@link ModelRegistry}: {@code units.longUnit} may be null. */
    CtrModel(String name, ModelConfig config, ParameterSet params, Embeddings embeddings, SequenceUnit shortUnit,
             SequenceUnit longUnit) {
        this.name = name;
        this.config = config;
        this.params = params;
        this.embeddings = embeddings;
        this.shortUnit = shortUnit;
        this.longUnit = longUnit;
        int in = embeddings.width() + shortUnit.outDim() + (longUnit == null ? 0 : longUnit.outDim());
        int[] hidden = config.mlpHidden();
        int[] dims = new int[hidden.length + 2];
        dims[0] = in;
        System.arraycopy(hidden, 0, dims, 1, hidden.length);
        dims[dims.length - 1] = 1;
        this.mlp = new Mlp(params, "mlp", dims, Activation.Kind.PRELU);
    }

    /** The registry name, written into every artifact. */
    public String name() {
        return name;
    }

    public ModelConfig config() {
        return config;
    }

    public ParameterSet parameters() {
        return params;
    }

    public Embeddings embeddings() {
        return embeddings;
    }

    public SequenceUnit longUnit() {
        return longUnit;
    }

    SequenceUnit shortUnit() {
        return shortUnit;
    }

    Mlp mlp() {
        return mlp;
    }

    /** A batch assembler for this model's sequence lengths. */
    public BatchAssembler assembler(dev.lifelong.data.dataset.Dataset data) {
        return new BatchAssembler(data, config.longLen(), config.shortLen(), longCross(),
                shortUnit.readsCrossFeatures());
    }

    /** An assembler of request-time batches for this model's lengths, with the columns its units read. */
    public dev.lifelong.data.batch.CandidateAssembler candidateAssembler() {
        return new dev.lifelong.data.batch.CandidateAssembler(config.longLen(), config.shortLen(), longCross(),
                shortUnit.readsCrossFeatures());
    }

    private boolean longCross() {
        return longUnit != null && longUnit.readsCrossFeatures();
    }

    /** Everything one worker needs for one shard of a batch, reused from batch to batch. */
    public final class Shard {
        public final SampleBatch batch = new SampleBatch();
        public final Gradients grads = params.newGradients();
        final Object shortWs = shortUnit.newWorkspace();
        final Object longWs = longUnit == null ? null : longUnit.newWorkspace();
        final Mlp.Workspace mlpWs = mlp.newWorkspace();
        float[] q = new float[0];
        float[] dQ = new float[0];
        float[] shortOut = new float[0];
        float[] longOut = new float[0];
        float[] concat = new float[0];
        float[] dConcat = new float[0];
        float[] dShort = new float[0];
        float[] dLong = new float[0];
        float[] dLogits = new float[0];
        float[] logits;

        /** Logits of the last forward pass, one per sample of {@link #batch}. */
        public float[] logits() {
            return logits;
        }

        /** The long unit's workspace of the last pass (for explanations). */
        public Object longWorkspace() {
            return longWs;
        }
    }

    public Shard newShard() {
        return new Shard();
    }

    /**
     * Forward (and with {@code backward}, backward) over {@code sh.batch}, already assembled. Returns the summed
     * BCE divided by {@code normalizer}; with {@code backward}, accumulates gradients into {@code sh.grads}.
     */
    public double run(Shard sh, int normalizer, boolean backward, boolean training) {
        SampleBatch b = sh.batch;
        int n = b.size();
        int d = embeddings.width();
        int so = shortUnit.outDim();
        int lo = longUnit == null ? 0 : longUnit.outDim();
        int width = d + so + lo;
        sh.q = ensure(sh.q, n * d);
        sh.shortOut = ensure(sh.shortOut, n * so);
        sh.longOut = ensure(sh.longOut, n * lo);
        sh.concat = ensure(sh.concat, n * width);
        embeddings.gather(b.items(), b.categories(), n, sh.q);
        Targets targets = new Targets(sh.q, b.items(), b.categories(), n);
        shortUnit.forward(targets, b.shortSequence(), sh.shortOut, sh.shortWs, training);
        if (longUnit != null) {
            longUnit.forward(targets, b.longSequence(), sh.longOut, sh.longWs, training);
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(sh.q, i * d, sh.concat, i * width, d);
            System.arraycopy(sh.shortOut, i * so, sh.concat, i * width + d, so);
            System.arraycopy(sh.longOut, i * lo, sh.concat, i * width + d + so, lo);
        }
        sh.logits = mlp.forward(sh.concat, n, sh.mlpWs, training);
        sh.dLogits = backward ? ensure(sh.dLogits, n) : null;
        double loss = BceLoss.forward(sh.logits, b.labels(), n, normalizer, sh.dLogits);
        if (backward) {
            sh.dQ = zeroed(sh.dQ, n * d);
        }
        if (longUnit != null) {
            loss += longUnit.auxiliaryLoss(targets, b.longSequence(), b.labels(), normalizer,
                    backward ? sh.dQ : null, sh.longWs, sh.grads);
        }
        if (!backward) {
            return loss;
        }
        sh.dConcat = zeroed(sh.dConcat, n * width);
        sh.dShort = ensure(sh.dShort, n * so);
        sh.dLong = ensure(sh.dLong, n * lo);
        mlp.backward(sh.concat, sh.dLogits, n, sh.dConcat, sh.mlpWs, sh.grads);
        for (int i = 0; i < n; i++) {
            // dQ already holds any auxiliary loss's share: add, do not copy.
            for (int c = 0; c < d; c++) {
                sh.dQ[i * d + c] += sh.dConcat[i * width + c];
            }
            System.arraycopy(sh.dConcat, i * width + d, sh.dShort, i * so, so);
            System.arraycopy(sh.dConcat, i * width + d + so, sh.dLong, i * lo, lo);
        }
        shortUnit.backward(targets, b.shortSequence(), sh.dShort, sh.dQ, sh.shortWs, sh.grads);
        if (longUnit != null) {
            longUnit.backward(targets, b.longSequence(), sh.dLong, sh.dQ, sh.longWs, sh.grads);
        }
        embeddings.scatter(b.items(), b.categories(), n, sh.dQ, sh.grads);
        return loss;
    }

    /** One behaviour an explanation reports. */
    public record ExplainedBehaviour(int timelineRow, int item, int category, float weight) {
    }

    /**
     * The behaviours the model's long unit (the short unit for {@code din-short}) attended to for sample
     * {@code b} of the last forward pass on {@code sh}, heaviest first: a product feature, not a debug print.
     */
    public java.util.List<ExplainedBehaviour> explain(Shard sh, int b) {
        SequenceUnit unit = longUnit != null ? longUnit : shortUnit;
        Object ws = longUnit != null ? sh.longWs : sh.shortWs;
        var seq = longUnit != null ? sh.batch.longSequence() : sh.batch.shortSequence();
        Attended a = unit.explain(ws, seq, b);
        java.util.List<ExplainedBehaviour> out = new java.util.ArrayList<>();
        for (int i = 0; i < a.positions().length; i++) {
            int p = a.positions()[i];
            out.add(new ExplainedBehaviour(seq.timelineRows()[p], seq.items()[p], seq.categories()[p], a.weights()[i]));
        }
        out.sort((x, y) -> Float.compare(Math.abs(y.weight()), Math.abs(x.weight())));
        return out;
    }

    /** All non-trainable state to save with the model, by unique name. */
    public java.util.Map<String, float[]> state() {
        java.util.Map<String, float[]> m = new java.util.LinkedHashMap<>();
        shortUnit.state().forEach((k, v) -> m.put("short." + k, v));
        if (longUnit != null) {
            longUnit.state().forEach((k, v) -> m.put("long." + k, v));
        }
        mlp.runningStatistics().forEach((k, v) -> m.put("mlp." + k, v));
        return m;
    }

    /**
     * Tells every cache derived from embedding rows that all rows changed (after parameters were loaded or
     * restored wholesale rather than stepped by an optimizer).
     */
    public void parametersRestored() {
        for (dev.lifelong.core.param.Parameter p : params.all()) {
            if (p instanceof dev.lifelong.core.param.EmbeddingTable t) {
                int[] rows = java.util.stream.IntStream.range(1, t.rows()).toArray();
                t.fireRowsUpdated(rows, rows.length);
            }
        }
    }

    /** After an optimizer step: folds the shard's batch statistics into running averages (Dice). */
    public void afterStep(Shard sh) {
        shortUnit.afterStep(sh.shortWs);
        if (longUnit != null) {
            longUnit.afterStep(sh.longWs);
        }
        mlp.updateRunningStatistics(sh.mlpWs);
    }

    private static float[] ensure(float[] a, int n) {
        return a.length >= n ? a : new float[n];
    }

    private static float[] zeroed(float[] a, int n) {
        float[] r = ensure(a, n);
        java.util.Arrays.fill(r, 0, n, 0f);
        return r;
    }
}
