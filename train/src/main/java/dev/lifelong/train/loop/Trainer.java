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
import java.util.List;

/**
 * Trains a {@link CtrModel} on a dataset's training samples: seeded shuffling each epoch, mini-batches split
 * into fixed-size shards run on worker threads with a gradient buffer each, buffers summed in shard order, one
 * optimizer step per batch (Adagrad on embedding rows, Adam on dense parameters). After each epoch the model is
 * evaluated on the validation split; training stops when validation AUC has not improved for
 * {@code patience} epochs, and the best epoch's parameters are kept. Deterministic given the seeds, whatever
 * the thread count.
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
        int[] train = Evaluator.samplesOf(data, Split.TRAIN);
        int[] valid = Evaluator.samplesOf(data, Split.VALID);
        if (train.length == 0) {
            throw new IllegalArgumentException(data.dir() + " has no training samples");
        }
        ParameterUpdater updater = new ParameterUpdater(model.parameters(),
                new Adam(config.denseLr(), 0.9f, 0.999f, 1e-8f, new Regularization(config.l2(), 0f)),
                new Adagrad(config.embeddingLr()), config.clipNorm());
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
        try (ShardedBatchRunner runner = new ShardedBatchRunner(config.threads())) {
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
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
                    updater.apply(total);
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
                Metrics v = valid.length == 0 ? null : evaluator.evaluate(valid, runner, 1024);
                reports.add(new EpochReport(epoch, lossSum / order.length, v, order.length / (nanos / 1e9)));
                double auc = v == null ? -epoch : v.auc();
                if (best == null || auc > (bestValid == null ? Double.NEGATIVE_INFINITY : bestValid.auc())) {
                    best = snapshot(model);
                    bestEpoch = epoch;
                    bestValid = v;
                } else if (epoch - bestEpoch >= config.patience()) {
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
