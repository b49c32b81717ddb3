package dev.lifelong.train.loop;

import dev.lifelong.core.optim.Adam;
import dev.lifelong.core.optim.Optimizer;
import dev.lifelong.core.optim.ParameterUpdater;
import dev.lifelong.core.param.Parameter;
import dev.lifelong.core.parallel.ShardedBatchRunner;
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
 * Trains a {@link CtrModel} on a dataset's training samples, an epoch of {@link TrainingSteps} at a time
 * (seeded shuffling, shards on the workers, gradients summed in shard order, one optimizer step per batch:
 * Adagrad, or sparse Adam, on the embedding rows a batch touched, Adam on dense parameters). After each epoch
 * the model is evaluated on the validation split; training stops when validation AUC has not improved for
 * {@code patience} epochs, and the best epoch is kept whole (parameters and state). Deterministic given the
 * seeds, whatever the thread count.
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
        int[] valid = Evaluator.samplesOf(data, Split.VALID);
        // Worker threads from here on: everything after, resuming included, inside the try that closes them.
        TrainingSteps steps = new TrainingSteps(model, data, config);
        Adam dense = steps.denseOptimizer();
        Optimizer sparse = steps.embeddingOptimizer();
        ParameterUpdater updater = steps.updater();
        Evaluator evaluator = new Evaluator(model, data, config.shardSize());
        List<EpochReport> reports = new ArrayList<>();
        float[][] best = null;
        int bestEpoch = 0;
        Metrics bestValid = null;
        long trainedSamples = 0;
        long trainingNanos = 0;
        int firstEpoch = 1;
        float[][] bestHolder = snapshot(model);
        try (steps) {
            if (resume) {
                Map<String, float[]> arrays = checkpointArrays(model, dense, sparse, bestHolder);
                // The header is checked before any array is read: an array that does not fit would otherwise
                // be reported instead of the setting or dataset that changed.
                Checkpoint.Header h = Checkpoint.read(checkpoint, arrays, header -> resumable(checkpoint, header,
                        model, data));
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
            ShardedBatchRunner runner = steps.runner();
            for (int epoch = firstEpoch; epoch <= config.epochs(); epoch++) {
                TrainingSteps.Epoch e = steps.epoch(epoch, progress);
                trainingNanos += e.nanos();
                trainedSamples += e.samples();
                Metrics v = valid.length == 0 ? null : evaluator.evaluate(valid, runner, config.batchSize());
                reports.add(new EpochReport(epoch, e.meanLoss(), v, e.samplesPerSecond()));
                boolean stop = false;
                if (best == null || criterion(v, epoch) > criterion(bestValid, bestEpoch)) {
                    best = snapshot(model);
                    bestEpoch = epoch;
                    bestValid = v;
                } else if (epoch - bestEpoch >= config.patience()) {
                    stop = true;
                }
                if (checkpoint != null) {
                    Map<String, float[]> arrays = checkpointArrays(model, dense, sparse, best);
                    Checkpoint.write(checkpoint, new Checkpoint.Header(model.name(), model.config().toString(),
                            trainSettings(), data.fingerprint(), epoch, bestEpoch, bestValid, updater.step(),
                            trainedSamples, trainingNanos, reports), arrays);
                }
                if (stop) {
                    break;
                }
            }
        }
        restore(model, best);
        return new Result(reports, bestEpoch, bestValid, trainedSamples / (trainingNanos / 1e9));
    }

    /**
     * The training settings a resumed run must share with the run it continues: every one that changes the
     * path training takes, the kernels' vector width included (another width sums in another order). The epoch
     * count, the threads (results do not depend on them) and the patience do not.
     */
    private String trainSettings() {
        return String.format(java.util.Locale.ROOT, "batch_size=%d, shard_size=%d, embedding_optimizer=%s, "
                + "embedding_lr=%s, embedding_l2=%s, dense_lr=%s, l2=%s, clip_norm=%s, seed=%d, kernels=%s",
                config.batchSize(), config.shardSize(), config.embeddingOptimizer(), config.embeddingLr(),
                config.embeddingL2(), config.denseLr(), config.l2(), config.clipNorm(), config.seed(),
                dev.lifelong.core.kernel.Kernels.get().name());
    }

    /**
     * What early stopping maximises: validation AUC; where AUC is undefined (every validation label alike), minus
     * the validation logloss, since NaN would never beat the first epoch; with no validation split, the epoch
     * itself, so the last wins.
     */
    static double criterion(Metrics valid, int epoch) {
        if (valid == null) {
            return epoch;
        }
        return Double.isNaN(valid.auc()) ? -valid.logloss() : valid.auc();
    }

    /** Refuses a checkpoint this run cannot continue exactly: another model, settings or dataset. */
    private void resumable(java.nio.file.Path checkpoint, Checkpoint.Header h, CtrModel model, Dataset data) {
        if (!h.model().equals(model.name()) || !h.modelConfig().equals(model.config().toString())) {
            throw new IllegalArgumentException(checkpoint + " was written for " + h.model() + " ("
                    + h.modelConfig() + "), not " + model.name() + " (" + model.config() + ")");
        }
        if (h.trainSettings() != null && !h.trainSettings().equals(trainSettings())) {
            throw new IllegalArgumentException(checkpoint + " was written with training settings "
                    + h.trainSettings() + ", not " + trainSettings() + "; resume with the same train: section and "
                    + "kernels (epochs, threads and patience may differ)");
        }
        if (h.data() != null && !h.data().equals(data.fingerprint())) {
            throw new IllegalArgumentException(checkpoint + " was written training on a dataset with fingerprint "
                    + h.data() + "; " + data.dir() + " has " + data.fingerprint());
        }
    }

    /** The named arrays of a checkpoint: live parameters and state, the best snapshot, optimizer state. */
    private static Map<String, float[]> checkpointArrays(CtrModel model, Adam dense, Optimizer sparse,
                                                         float[][] best) {
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
