package dev.lifelong.train.loop;

import dev.lifelong.core.optim.Adagrad;
import dev.lifelong.core.optim.Adam;
import dev.lifelong.core.optim.Optimizer;
import dev.lifelong.core.optim.ParameterUpdater;
import dev.lifelong.core.optim.Regularization;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.parallel.ShardedBatchRunner;
import dev.lifelong.core.random.Rng;
import dev.lifelong.data.batch.BatchAssembler;
import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.progress.ProgressListener;
import dev.lifelong.data.split.Split;
import dev.lifelong.models.frame.CtrModel;
import java.util.ArrayList;
import java.util.List;

/**
 * One model's optimizer steps over a dataset's training samples, an epoch at a time: the shards, optimizer
 * state and worker threads it keeps from epoch to epoch, and where each epoch's time went. {@link Trainer} adds
 * validation, early stopping and checkpoints around it; {@code bench train} times it alone.
 *
 * <p>A step: the batch's shards assemble their samples and run forward and backward on the workers, each into
 * its own gradient buffer; the buffers are summed in shard order on the calling thread; the optimizer step is
 * spread over the workers again. Close it to stop the workers.
 */
public final class TrainingSteps implements AutoCloseable {

    /**
     * One epoch.
     *
     * @param shardNanos  forward and backward of the shards, batch assembly included (both cores)
     * @param sumNanos    summing the shards' gradients (one thread)
     * @param updateNanos the optimizer step and what listens to it (both cores)
     */
    public record Epoch(int epoch, int samples, double meanLoss, long nanos, long shardNanos, long sumNanos,
                        long updateNanos) {

        public double samplesPerSecond() {
            return samples / (nanos / 1e9);
        }
    }

    private final CtrModel model;
    private final TrainConfig config;
    private final int[] train;
    private final Adam denseOptimizer;
    private final Optimizer embeddingOptimizer;
    private final ParameterUpdater updater;
    private final BatchAssembler assembler;
    private final List<CtrModel.Shard> shards = new ArrayList<>();
    private final ShardedBatchRunner runner;

    public TrainingSteps(CtrModel model, Dataset data, TrainConfig config) {
        this.model = model;
        this.config = config;
        this.train = Evaluator.samplesOf(data, Split.TRAIN);
        if (train.length == 0) {
            throw new IllegalArgumentException(data.dir() + " has no training samples");
        }
        this.denseOptimizer = new Adam(config.denseLr(), 0.9f, 0.999f, 1e-8f, new Regularization(config.l2(), 0f));
        Regularization rows = new Regularization(config.embeddingL2(), 0f);
        this.embeddingOptimizer = config.embeddingOptimizer().equals("adam")
                ? new Adam(config.embeddingLr(), 0.9f, 0.999f, 1e-8f, rows)
                : new Adagrad(config.embeddingLr(), 0f, 1e-10f, rows);
        this.updater = new ParameterUpdater(model.parameters(), denseOptimizer, embeddingOptimizer,
                config.clipNorm());
        this.assembler = model.assembler(data);
        int maxShards = ShardedBatchRunner.shardCount(config.batchSize(), config.shardSize());
        for (int s = 0; s < maxShards; s++) {
            shards.add(model.newShard());
        }
        this.runner = new ShardedBatchRunner(config.threads());
    }

    public Adam denseOptimizer() {
        return denseOptimizer;
    }

    public Optimizer embeddingOptimizer() {
        return embeddingOptimizer;
    }

    public ParameterUpdater updater() {
        return updater;
    }

    /** The workers, for whatever else the caller runs between epochs (validation). */
    public ShardedBatchRunner runner() {
        return runner;
    }

    private IllegalStateException diverged(int epoch, int start, String what) {
        return new IllegalStateException(String.format(java.util.Locale.ROOT, "training %s diverged in epoch %d, at "
                + "the batch from sample %,d: %s; lower the learning rates (embedding_lr %s, dense_lr %s) or the "
                + "clip_norm (%s)", model.name(), epoch, start, what, config.embeddingLr(), config.denseLr(),
                config.clipNorm()));
    }

    /** Epoch {@code epoch} (from 1): its own seeded shuffle of the training samples, one step per batch. */
    public Epoch epoch(int epoch, ProgressListener progress) {
        int[] order = shuffled(train, new Rng(Rng.derive(config.seed(), "epoch " + epoch)));
        progress.start("epoch " + epoch + " " + model.name(), order.length, "samples");
        int maxShards = shards.size();
        double lossSum = 0;
        long shardNanos = 0;
        long sumNanos = 0;
        long updateNanos = 0;
        long t0 = System.nanoTime();
        for (int start = 0; start < order.length; start += config.batchSize()) {
            int size = Math.min(config.batchSize(), order.length - start);
            int base = start;
            double[] shardLoss = new double[maxShards];
            long a = System.nanoTime();
            runner.run(size, config.shardSize(), (shard, from, to) -> {
                CtrModel.Shard sh = shards.get(shard);
                assembler.assemble(order, base + from, base + to, sh.batch);
                shardLoss[shard] = model.run(sh, size, true, true);
            });
            long b = System.nanoTime();
            int used = ShardedBatchRunner.shardCount(size, config.shardSize());
            Gradients total = shards.get(0).grads;
            for (int s = 1; s < used; s++) {
                total.addFrom(shards.get(s).grads);
            }
            double batchLoss = 0;
            for (int s = 0; s < used; s++) {
                batchLoss += shardLoss[s];
            }
            // A step from a NaN or infinite loss or gradient makes every parameter NaN, and the epochs after would
            // report nonsense quietly: stop, saying where, before the step lands (the last checkpoint is intact).
            if (!Double.isFinite(batchLoss)) {
                throw diverged(epoch, start, "its loss is " + batchLoss);
            }
            long c = System.nanoTime();
            try {
                updater.apply(total, runner);
            } catch (ArithmeticException e) {
                throw diverged(epoch, start, e.getMessage());
            }
            long d = System.nanoTime();
            shardNanos += b - a;
            sumNanos += c - b;
            updateNanos += d - c;
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
        progress.finish();
        return new Epoch(epoch, order.length, lossSum / order.length, nanos, shardNanos, sumNanos, updateNanos);
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

    @Override
    public void close() {
        runner.close();
    }
}
