package dev.lifelong.models.unit;

import dev.lifelong.core.layer.JaggedRows;
import dev.lifelong.core.layer.MeanPooling;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.data.batch.BehaviourSequences;
import dev.lifelong.models.frame.Attended;
import dev.lifelong.models.frame.Embeddings;
import dev.lifelong.models.frame.SequenceUnit;
import dev.lifelong.models.frame.Targets;

/** Mean of the behaviour vectors, no attention: DNN's interest unit (and DIN's pooled long sequence). */
public final class MeanPoolUnit implements SequenceUnit {

    private final Embeddings emb;

    public MeanPoolUnit(Embeddings emb) {
        this.emb = emb;
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
    public Attended explain(Object workspace, BehaviourSequences seq, int b) {
        float[] w = new float[seq.length(b)];
        java.util.Arrays.fill(w, 1f / Math.max(1, w.length));
        return new Attended(java.util.stream.IntStream.range(seq.start(b), seq.start(b + 1)).toArray(), w);
    }

    @Override
    public Object newWorkspace() {
        return new GatheredRows();
    }

    @Override
    public void forward(Targets targets, BehaviourSequences seq, float[] out, Object workspace,
                        boolean training) {
        JaggedRows rows = ((GatheredRows) workspace).gather(emb, seq);
        MeanPooling.forward(rows.values(), emb.width(), seq.offsets(), seq.batch(), out);
    }

    @Override
    public void backward(Targets targets, BehaviourSequences seq, float[] dOut, float[] dQ, Object workspace,
                         Gradients grads) {
        GatheredRows g = (GatheredRows) workspace;
        float[] dRows = g.zeroedGrads(seq.rows(), emb.width());
        MeanPooling.backward(dOut, emb.width(), seq.offsets(), seq.batch(), dRows);
        emb.scatter(seq.items(), seq.categories(), seq.rows(), dRows, grads);
    }
}
