package dev.lifelong.models.unit;

import dev.lifelong.core.layer.JaggedRows;
import dev.lifelong.core.layer.TargetAttention;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.ParameterSet;
import dev.lifelong.data.batch.BehaviourSequences;
import dev.lifelong.models.frame.Attended;
import dev.lifelong.models.frame.Embeddings;
import dev.lifelong.models.frame.SequenceUnit;
import dev.lifelong.models.frame.Targets;

/**
 * Multi-head target attention over every behaviour of the sequence: the short-interest unit of the frame and
 * {@code ta-full-long}'s long unit (the exact-attention reference ETA and TWIN approximate).
 */
public final class TargetAttentionUnit implements SequenceUnit {

    private final Embeddings emb;
    private final TargetAttention attention;

    public TargetAttentionUnit(ParameterSet params, String name, Embeddings emb, int heads) {
        this.emb = emb;
        int d = emb.width();
        this.attention = new TargetAttention(params, name, d, d, heads, d / heads, d);
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

    private static final class Workspace {
        final GatheredRows rows = new GatheredRows();
        final TargetAttention.Workspace attention;

        Workspace(TargetAttention ta) {
            attention = ta.newWorkspace();
        }
    }

    @Override
    public Attended explain(Object workspace, BehaviourSequences seq, int b) {
        Workspace ws = (Workspace) workspace;
        return new Attended(java.util.stream.IntStream.range(seq.start(b), seq.start(b + 1)).toArray(),
                attention.meanWeights(ws.attention, ws.rows.rows, b));
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
        JaggedRows rows = ws.rows.gather(emb, seq);
        attention.forward(q, rows, out, ws.attention);
    }

    @Override
    public void backward(Targets targets, BehaviourSequences seq, float[] dOut, float[] dQ, Object workspace,
                         Gradients grads) {
        float[] q = targets.q();
        Workspace ws = (Workspace) workspace;
        float[] dRows = ws.rows.zeroedGrads(seq.rows(), emb.width());
        attention.backward(q, ws.rows.rows, dOut, dQ, dRows, ws.attention, grads);
        emb.scatter(seq.items(), seq.categories(), seq.rows(), dRows, grads);
    }
}
