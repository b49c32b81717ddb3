package dev.lifelong.models.unit;

import dev.lifelong.core.layer.Activation;
import dev.lifelong.core.layer.DinAttention;
import dev.lifelong.core.layer.JaggedRows;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.ParameterSet;
import dev.lifelong.data.batch.BehaviourSequences;
import dev.lifelong.models.frame.Attended;
import dev.lifelong.models.frame.Embeddings;
import dev.lifelong.models.frame.SequenceUnit;
import dev.lifelong.models.frame.Targets;

/**
 * DIN's activation-unit attention over the sequence (Zhou et al., KDD 2018): weights from an MLP on
 * {@code [e ; q ; e - q ; e * q]} with Dice, no softmax. The {@code din-*} models' unit.
 */
public final class DinUnit implements SequenceUnit {

    /** The DIN paper's activation-unit width. */
    static final int[] HIDDEN = {36};

    private final Embeddings emb;
    private final DinAttention din;

    public DinUnit(ParameterSet params, String name, Embeddings emb) {
        this.emb = emb;
        this.din = new DinAttention(params, name, emb.width(), HIDDEN, Activation.Kind.DICE);
    }

    @Override
    public boolean readsCrossFeatures() {
        return false;
    }

    @Override
    public int outDim() {
        return emb.width();
    }

    private final class Workspace {
        final GatheredRows rows = new GatheredRows();
        final DinAttention.Workspace din = DinUnit.this.din.newWorkspace();
    }

    @Override
    public Attended explain(Object workspace, BehaviourSequences seq, int b) {
        Workspace ws = (Workspace) workspace;
        int[] pos = java.util.stream.IntStream.range(seq.start(b), seq.start(b + 1)).toArray();
        float[] w = new float[pos.length];
        for (int i = 0; i < pos.length; i++) {
            w[i] = din.weight(ws.din, ws.rows.rows, pos[i]);
        }
        return new Attended(pos, w);
    }

    @Override
    public Object newWorkspace() {
        return new Workspace();
    }

    @Override
    public void forward(Targets targets, BehaviourSequences seq, float[] out, Object workspace,
                        boolean training) {
        float[] q = targets.q();
        Workspace ws = (Workspace) workspace;
        JaggedRows rows = ws.rows.gather(emb, seq);
        din.forward(q, rows, out, ws.din, training);
    }

    @Override
    public void backward(Targets targets, BehaviourSequences seq, float[] dOut, float[] dQ, Object workspace,
                         Gradients grads) {
        float[] q = targets.q();
        Workspace ws = (Workspace) workspace;
        float[] dRows = ws.rows.zeroedGrads(seq.rows(), emb.width());
        din.backward(q, ws.rows.rows, dOut, dQ, dRows, ws.din, grads);
        emb.scatter(seq.items(), seq.categories(), seq.rows(), dRows, grads);
    }

    @Override
    public java.util.Map<String, float[]> state() {
        return din.unit().runningStatistics();
    }

    @Override
    public void afterStep(Object workspace) {
        din.unit().updateRunningStatistics(((Workspace) workspace).din.mlp());
    }
}
