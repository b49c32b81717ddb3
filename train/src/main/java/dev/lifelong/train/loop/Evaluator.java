package dev.lifelong.train.loop;

import dev.lifelong.core.kernel.ScalarKernels;
import dev.lifelong.core.parallel.ShardedBatchRunner;
import dev.lifelong.data.batch.BatchAssembler;
import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.split.Split;
import dev.lifelong.models.frame.CtrModel;
import dev.lifelong.models.twin.Consistency;
import dev.lifelong.models.twin.ConsistencyTally;
import dev.lifelong.models.twin.TwinUnit;
import dev.lifelong.train.metric.Metrics;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/** Scores samples with a model in inference mode, sharded over worker threads, and computes metrics. */
public final class Evaluator {

    private final CtrModel model;
    private final Dataset data;
    private final BatchAssembler assembler;
    /**
     * Every shard made so far, and those not in use. A task borrows one, so there are as many as tasks run at
     * once (the workers), not one per shard of a batch: each holds its rows' embeddings, gigabytes for a
     * full-attention model at L = 10^5.
     */
    private final List<CtrModel.Shard> shards = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<CtrModel.Shard> idle = new ConcurrentLinkedQueue<>();
    private final int shardSize;

    public Evaluator(CtrModel model, Dataset data, int shardSize) {
        this(model, data, shardSize, model.config().longLen());
    }

    /** An evaluator that shows the model at most {@code longLen} behaviours (for cost-versus-length curves). */
    public Evaluator(CtrModel model, Dataset data, int shardSize, int longLen) {
        this.model = model;
        this.data = data;
        this.assembler = new BatchAssembler(data, longLen, Math.min(longLen, model.config().shortLen()));
        this.shardSize = shardSize;
    }

    /** Sample indices of one split, in stored (chronological) order. */
    public static int[] samplesOf(Dataset d, Split split) {
        var s = d.samples();
        int n = 0;
        for (int i = 0; i < s.size(); i++) {
            n += s.split(i) == split ? 1 : 0;
        }
        int[] ids = new int[n];
        for (int i = 0, j = 0; i < s.size(); i++) {
            if (s.split(i) == split) {
                ids[j++] = i;
            }
        }
        return ids;
    }

    /** Predictions, and what was measured of TWIN's search unit while making them. */
    public record Measured(float[] predictions, Consistency consistency) {
    }

    /**
     * TWIN's consistency with exact attention over the whole sequence ({@link Consistency}) over the next
     * predictions; {@link Consistency#NONE} for models without a two-stage unit.
     */
    public Consistency measureConsistency(int[] ids, ShardedBatchRunner runner, int batchSize) {
        return predictMeasuring(ids, runner, batchSize).consistency();
    }

    /**
     * {@link #predict}, measuring TWIN's consistency in the same pass (a pass more than predicting costs, so
     * timed scoring does not measure).
     */
    public Measured predictMeasuring(int[] ids, ShardedBatchRunner runner, int batchSize) {
        CtrModel.Shard probe = borrow();
        idle.offer(probe);
        if (!(probe.longWorkspace() instanceof TwinUnit.Workspace)) {
            return new Measured(predict(ids, runner, batchSize), Consistency.NONE);
        }
        // Shards are made while predicting, so measuring is switched on for each as it is borrowed.
        measuring = true;
        float[] p;
        try {
            p = predict(ids, runner, batchSize);
        } finally {
            measuring = false;
        }
        ConsistencyTally total = new ConsistencyTally();
        for (CtrModel.Shard sh : shards) {
            var ws = (TwinUnit.Workspace) sh.longWorkspace();
            total.addAll(ws.consistency());
            ws.measureConsistency(false);
        }
        return new Measured(p, total.result());
    }

    private volatile boolean measuring;

    /** An idle shard, or a new one; with {@link #measuring}, set to measure TWIN's consistency. */
    private CtrModel.Shard borrow() {
        CtrModel.Shard sh = idle.poll();
        if (sh == null) {
            sh = model.newShard();
            shards.add(sh);
        }
        if (measuring && sh.longWorkspace() instanceof TwinUnit.Workspace ws
                && !ws.measuringConsistency()) {
            ws.measureConsistency(true);
        }
        return sh;
    }

    /** Click probabilities of {@code ids}. */
    public float[] predict(int[] ids, ShardedBatchRunner runner, int batchSize) {
        float[] p = new float[ids.length];
        for (int start = 0; start < ids.length; start += batchSize) {
            int size = Math.min(batchSize, ids.length - start);
            int base = start;
            runner.run(size, shardSize, (shard, from, to) -> {
                CtrModel.Shard sh = borrow();
                try {
                    assembler.assemble(ids, base + from, base + to, sh.batch);
                    model.run(sh, to - from, false, false);
                    for (int i = 0; i < to - from; i++) {
                        p[base + from + i] = ScalarKernels.sigmoid(sh.logits()[i]);
                    }
                } finally {
                    idle.offer(sh);
                }
            });
        }
        return p;
    }

    /** Metrics of the model on {@code ids}. */
    public Metrics evaluate(int[] ids, ShardedBatchRunner runner, int batchSize) {
        return metrics(ids, predict(ids, runner, batchSize));
    }

    /** Metrics of predictions {@code p} for samples {@code ids}. */
    public Metrics metrics(int[] ids, float[] p) {
        float[] y = new float[ids.length];
        int[] users = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            y[i] = data.samples().label(ids[i]);
            users[i] = data.samples().user(ids[i]);
        }
        return Metrics.of(p, y, users, ids.length);
    }

    /**
     * Metrics per bucket of history length (the sample's whole history, not the truncated one):
     * bucket i holds lengths in {@code [edges[i], edges[i+1])}, the last one everything from its edge up.
     */
    public Metrics[] byHistoryLength(int[] ids, float[] p, int[] edges) {
        Metrics[] out = new Metrics[edges.length];
        for (int k = 0; k < edges.length; k++) {
            int lo = edges[k];
            int hi = k + 1 < edges.length ? edges[k + 1] : Integer.MAX_VALUE;
            int n = 0;
            int[] sel = new int[ids.length];
            float[] ps = new float[ids.length];
            for (int i = 0; i < ids.length; i++) {
                var s = data.samples();
                int len = s.historyEnd(ids[i]) - data.timelines().start(s.user(ids[i]));
                if (len >= lo && len < hi) {
                    sel[n] = ids[i];
                    ps[n++] = p[i];
                }
            }
            out[k] = metrics(java.util.Arrays.copyOf(sel, n), java.util.Arrays.copyOf(ps, n));
        }
        return out;
    }
}
