package dev.lifelong.models.sim;

import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.ParameterSet;
import dev.lifelong.data.batch.BehaviourSequences;
import dev.lifelong.models.frame.Attended;
import dev.lifelong.models.frame.Embeddings;
import dev.lifelong.models.frame.SequenceUnit;
import dev.lifelong.models.frame.Targets;

/**
 * SIM with hard search (Pi et al., CIKM 2020; MODELS.md, {@code sim-hard}): the General Search Unit keeps the
 * behaviours whose category equals the target's, most recent first, at most {@code gsuSize}; the Exact Search
 * Unit is multi-head target attention over them with time-gap embeddings ({@link TimeGapAttention}). Output
 * {@code [B, H]}.
 */
public final class SimHardUnit implements SequenceUnit {

    private final Embeddings emb;
    private final TimeGapAttention esu;
    private final int gsuSize;

    public SimHardUnit(ParameterSet params, String name, Embeddings emb, int heads, int gapDim, int gsuSize) {
        this.emb = emb;
        this.gsuSize = gsuSize;
        this.esu = new TimeGapAttention(params, name + ".gap", name, emb, heads, gapDim);
    }

    @Override
    public int outDim() {
        return emb.width();
    }

    @Override
    public Object newWorkspace() {
        return esu.newWorkspace();
    }

    @Override
    public dev.lifelong.models.frame.SharedInterest sharedInterest(int[] itemCategory) {
        return new SimHardServing(esu, gsuSize, emb.categories().rows(), itemCategory);
    }

    @Override
    public void forward(Targets targets, BehaviourSequences seq, float[] out, Object workspace, boolean training) {
        TimeGapAttention.Workspace ws = (TimeGapAttention.Workspace) workspace;
        int batch = seq.batch();
        esu.reserve(ws, batch, batch * gsuSize);
        int at = 0;
        for (int b = 0; b < batch; b++) {
            int category = targets.categories()[b];
            int from = at;
            for (int r = seq.start(b + 1) - 1; r >= seq.start(b) && at - from < gsuSize; r--) {
                if (seq.categories()[r] == category && category != 0) {
                    ws.rows[at++] = r;
                }
            }
            reverse(ws.rows, from, at);
            ws.offsets[b + 1] = at;
        }
        esu.forward(targets.q(), seq, batch, out, ws);
    }

    private static void reverse(int[] a, int from, int to) {
        for (int i = from, j = to - 1; i < j; i++, j--) {
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    @Override
    public void backward(Targets targets, BehaviourSequences seq, float[] dOut, float[] dQ, Object workspace,
                         Gradients grads) {
        esu.backward(targets.q(), seq, dOut, dQ, (TimeGapAttention.Workspace) workspace, grads);
    }

    @Override
    public Attended explain(Object workspace, BehaviourSequences seq, int b) {
        TimeGapAttention.Workspace ws = (TimeGapAttention.Workspace) workspace;
        return new Attended(ws.selectedRows(b), esu.meanWeights(ws, b));
    }
}
