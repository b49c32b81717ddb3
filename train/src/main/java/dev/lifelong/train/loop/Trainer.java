package dev.lifelong.train.loop;

import dev.lifelong.core.optim.Adagrad;
import dev.lifelong.core.optim.Adam;
import dev.lifelong.core.optim.ParameterUpdater;
import dev.lifelong.core.optim.Regularization;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.Parameter;
import dev.lifelong.core.parallel.ShardedBatchRunner;
import dev.lifelong.core.random.Rng;
import dev.lifelong.data.batch.BatchAssembler;
import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.progress.ProgressListener;
import dev.lifelong.data.split.Split;
import dev.lifelong.models.frame.CtrModel;
import dev.lifelong.train.metric.Metrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a {@link CtrModel} on a dataset's training samples: seeded shuffling each epoch, mini-batches split
 * into fixed-size shards run on worker threads with a gradient buffer each, buffers summed in shard order, one
 * optimizer step per batch (Adagrad on embedding rows, Adam on dense parameters), itself spread over the
 * workers. After each epoch the model is evaluated on the validation split; training stops when validation AUC
 * has not improved for {@code patience} epochs, and the best epoch's parameters are kept. Deterministic given
 * the seeds, whatever the thread count.
 */
public final class Trainer {

    /** One epoch's outcome. */
    public record EpochReport(int epoch, double trainLoss, Metrics valid, double samplesPerSecond) {
    }

    /** The whole run: epochs, the best epoch (1-based) and its validation metrics. */
    public record Result(List<EpochReport> epochs, int bestEpoch, Metrics bestValid, double samplesPerSecond) {
    }

    private final TrainConfig config;

    public Trainer(TrainConfig config) {
        this.config = config;
    }

    public Result train(CtrModel model, Dataset data, ProgressListener progress) {
        try {
            return train(model, data, progress, null, false);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Trains, writing {@code checkpoint} (when not null) atomically after every epoch; with {@code resume}, first
     * restores it and continues with the next epoch exactly as an uninterrupted run would.
     */
    public Result train(CtrModel model, Dataset data, ProgressListener progress, java.nio.file.Path checkpoint,
                        boolean resume) throws java.io.IOException {
        int[] train = Evaluator.samplesOf(data, Split.TRAIN);
        int[] valid = Evaluator.samplesOf(data, Split.VALID);
        if (train.length == 0) {
            throw new IllegalArgumentException(data.dir() + " has no training samples");
        }
        Adam dense = new Adam(config.denseLr(), 0.9f, 0.999f, 1e-8f, new Regularization(config.l2(), 0f));
        Adagrad sparse = new Adagrad(config.embeddingLr());
        ParameterUpdater updater = new ParameterUpdater(model.parameters(), dense, sparse, config.clipNorm());
        BatchAssembler assembler = model.assembler(data);
        int maxShards = ShardedBatchRunner.shardCount(config.batchSize(), config.shardSize());
        List<CtrModel.Shard> shards = new ArrayList<>();
        for (int s = 0; s < maxShards; s++) {
            shards.add(model.newShard());
        }
        Evaluator evaluator = new Evaluator(model, data, config.shardSize());
        List<EpochReport> reports = new ArrayList<>();
        float[][] best = null;
        int bestEpoch = 0;
        Metrics bestValid = null;
        long trainedSamples = 0;
        long trainingNanos = 0;
        int firstEpoch = 1;
        float[][] bestHolder = snapshot(model);
        if (resume) {
            Map<String, float[]> arrays = checkpointArrays(model, dense, sparse, bestHolder);
            Checkpoint.Header h = Checkpoint.read(checkpoint, arrays);
            if (!h.model().equals(model.name()) || !h.modelConfig().equals(model.config().toString())) {
                throw new IllegalArgumentException(checkpoint + " was written for " + h.model() + " (" + h.modelConfig()
                        + "), not " + model.name() + " (" + model.config() + ")");
            }
            model.parametersRestored();
            updater.setStep(h.step());
            reports.addAll(h.reports());
            bestEpoch = h.bestEpoch();
            bestValid = h.bestValid();
            best = bestEpoch > 0 ? bestHolder : null;
            trainedSamples = h.trainedSamples();
            trainingNanos = h.trainingNanos();
            firstEpoch = h.epochsDone() + 1;
            if (bestEpoch > 0 && h.epochsDone() - bestEpoch >= config.patience()) {
                firstEpoch = config.epochs() + 1;
            }
        }
        try (ShardedBatchRunner runner = new ShardedBatchRunner(config.threads())) {
            for (int epoch = firstEpoch; epoch <= config.epochs(); epoch++) {
                int[] order = shuffled(train, new Rng(Rng.derive(config.seed(), "epoch " + epoch)));
                progress.start("epoch " + epoch + " " + model.name(), order.length, "samples");
                double lossSum = 0;
                long t0 = System.nanoTime();
                for (int start = 0; start < order.length; start += config.batchSize()) {
                    int size = Math.min(config.batchSize(), order.length - start);
                    int base = start;
                    double[] shardLoss = new double[maxShards];
                    runner.run(size, config.shardSize(), (shard, from, to) -> {
                        CtrModel.Shard sh = shards.get(shard);
                        assembler.assemble(order, base + from, base + to, sh.batch);
                        shardLoss[shard] = model.run(sh, size, true, true);
                    });
                    int used = ShardedBatchRunner.shardCount(size, config.shardSize());
                    Gradients total = shards.get(0).grads;
                    for (int s = 1; s < used; s++) {
                        total.addFrom(shards.get(s).grads);
                    }
                    updater.apply(total, runner);
                    for (int s = 0; s < used; s++) {
                        model.afterStep(shards.get(s));
                        shards.get(s).grads.clear();
                        lossSum += shardLoss[s] * size;
                    }
                    progress.advanceTo(start + size);
                    if ((start / config.batchSize()) % 20 == 0) {
                        progress.status(String.format(java.util.Locale.ROOT, "loss %.4f", lossSum / (start + size)));
                    }
                }
                long nanos = System.nanoTime() - t0;
                trainingNanos += nanos;
                trainedSamples += order.length;
                progress.finish();
                Metrics v = valid.length == 0 ? null : evaluator.evaluate(valid, runner, config.batchSize());
                reports.add(new EpochReport(epoch, lossSum / order.length, v, order.length / (nanos / 1e9)));
                double auc = v == null ? -epoch : v.auc();
                boolean stop = false;
                if (best == null || auc > (bestValid == null ? Double.NEGATIVE_INFINITY : bestValid.auc())) {
                    best = snapshot(model);
                    bestEpoch = epoch;
                    bestValid = v;
                } else if (epoch - bestEpoch >= config.patience()) {
                    stop = true;
                }
                if (checkpoint != null) {
                    Map<String, float[]> arrays = checkpointArrays(model, dense, sparse, best);
                    Checkpoint.write(checkpoint, new Checkpoint.Header(model.name(), model.config().toString(), epoch,
                            bestEpoch, bestValid, updater.step(), trainedSamples, trainingNanos, reports), arrays);
                }
                if (stop) {
                    break;
                }
            }
        }
        restore(model, best);
        return new Result(reports, bestEpoch, bestValid, trainedSamples / (trainingNanos / 1e9));
    }

    private static int[] shuffled(int[] ids, Rng rng) {
        int[] a = ids.clone();
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /** The named arrays of a checkpoint: live parameters and state, the best snapshot, optimizer state. */
    private static Map<String, float[]> checkpointArrays(CtrModel model, Adam dense, Adagrad sparse, float[][] best) {
        Map<String, float[]> m = new LinkedHashMap<>();
        List<float[]> live = live(model);
        for (int i = 0; i < live.size(); i++) {
            m.put("live/" + i, live.get(i));
            m.put("best/" + i, best[i]);
        }
        for (Parameter p : model.parameters().all()) {
            float[][] st = p instanceof dev.lifelong.core.param.EmbeddingTable ? sparse.state(p) : dense.state(p);
            for (int k = 0; k < st.length; k++) {
                m.put("optimizer/" + p.name() + "/" + k, st[k]);
            }
        }
        return m;
    }

    /** Parameters and non-trainable state (Dice statistics), in a fixed order. */
    private static List<float[]> live(CtrModel model) {
        List<float[]> arrays = new ArrayList<>();
        for (Parameter p : model.parameters().all()) {
            arrays.add(p.values());
        }
        arrays.addAll(model.state().values());
        return arrays;
    }

    private static float[][] snapshot(CtrModel model) {
        return live(model).stream().map(float[]::clone).toArray(float[][]::new);
    }

    private static void restore(CtrModel model, float[][] saved) {
        List<float[]> arrays = live(model);
        for (int i = 0; i < saved.length; i++) {
            System.arraycopy(saved[i], 0, arrays.get(i), 0, saved[i].length);
        }
        model.parametersRestored();
    }
}
