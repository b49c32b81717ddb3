package dev.lifelong.train.run;

import dev.lifelong.core.LibraryVersion;
import dev.lifelong.core.kernel.Kernels;
import dev.lifelong.core.parallel.ShardedBatchRunner;
import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.progress.ProgressListener;
import dev.lifelong.data.split.Split;
import dev.lifelong.models.artifact.ModelArtifact;
import dev.lifelong.models.artifact.Provenance;
import dev.lifelong.models.frame.CtrModel;
import dev.lifelong.models.frame.ModelRegistry;
import dev.lifelong.models.twin.Consistency;
import dev.lifelong.train.loop.Evaluator;
import dev.lifelong.train.loop.Trainer;
import dev.lifelong.train.metric.Metrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Train one registered model on a dataset, evaluate it on validation and test, and optionally save it. */
public final class TrainRun {

    /**
     * What one run measured.
     *
     * @param model              registry name
     * @param trained            the trained model (best validation epoch)
     * @param training           epochs and throughput
     * @param valid              validation metrics
     * @param test               test metrics
     * @param evalMillisPer1k    scoring time per 1,000 test samples
     * @param parameters         trainable scalars
     * @param consistency        TWIN: its search unit's agreement with exact attention; else {@link Consistency#NONE}
     * @param byHistoryLength    test metrics per bucket of {@link #LENGTH_EDGES}
     * @param costByLength       pairs {behaviours seen, scoring ms per 1,000 samples}, at the lengths of
     *                           {@link #COST_LENGTHS} below the model's long_len and at long_len itself
     */
    public record Outcome(String model, CtrModel trained, Trainer.Result training, Metrics valid, Metrics test,
                          double evalMillisPer1k, long parameters, Consistency consistency, Metrics[] byHistoryLength,
                          double[][] costByLength) {
    }

    /** History-length buckets of the per-length metrics: [0, 50), [50, 200), [200, 1000), [1000, ...). */
    public static final int[] LENGTH_EDGES = {0, 50, 200, 1000};
    /** Sequence lengths at which scoring cost is measured (those up to the model's long_len). */
    public static final int[] COST_LENGTHS = {50, 100, 200, 500, 1000, 2000, 5000, 10000};
    private static final int COST_SAMPLES = 2048;

    private TrainRun() {
    }

    public static Outcome run(String name, Dataset data, RunConfig config, ProgressListener progress) {
        try {
            return run(name, data, config, progress, null, false);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** As {@link #run(String, Dataset, RunConfig, ProgressListener)}, checkpointing each epoch to {@code checkpoint}. */
    public static Outcome run(String name, Dataset data, RunConfig config, ProgressListener progress, Path checkpoint,
                              boolean resume) throws IOException {
        CtrModel model = ModelRegistry.create(name, config.model(), data.items().size(), data.categories().size());
        Trainer.Result r = new Trainer(config.train()).train(model, data, progress, checkpoint, resume);
        // Scoring batches as large as training ones: memory grows with batch x long_len, and training fit.
        int batch = config.train().batchSize();
        try (ShardedBatchRunner runner = new ShardedBatchRunner(config.train().threads())) {
            Evaluator ev = new Evaluator(model, data, config.train().shardSize());
            Metrics valid = ev.evaluate(Evaluator.samplesOf(data, Split.VALID), runner, batch);
            int[] test = Evaluator.samplesOf(data, Split.TEST);
            long t0 = System.nanoTime();
            float[] p = ev.predict(test, runner, batch);
            double ms = (System.nanoTime() - t0) / 1e6;
            Metrics testMetrics = ev.metrics(test, p);
            Consistency consistency = ev.measureConsistency(test, runner, batch);
            return new Outcome(name, model, r, valid, testMetrics, test.length == 0 ? 0 : ms * 1000 / test.length,
                    model.parameters().scalarCount(), consistency, ev.byHistoryLength(test, p, LENGTH_EDGES),
                    costByLength(model, data, test, config, runner));
        }
    }

    /** Scoring time per 1,000 test samples at the lengths of {@link #COST_LENGTHS} below long_len, and at long_len. */
    private static double[][] costByLength(CtrModel model, Dataset data, int[] test, RunConfig config,
                                           ShardedBatchRunner runner) {
        int[] ids = java.util.Arrays.copyOf(test, Math.min(test.length, COST_SAMPLES));
        if (ids.length == 0) {
            return new double[0][];
        }
        int longLen = config.model().longLen();
        int[] lengths = java.util.stream.IntStream.concat(
                java.util.Arrays.stream(COST_LENGTHS).filter(l -> l < longLen), java.util.stream.IntStream.of(longLen))
                .toArray();
        double[][] cost = new double[lengths.length][];
        for (int i = 0; i < lengths.length; i++) {
            Evaluator ev = new Evaluator(model, data, config.train().shardSize(), lengths[i]);
            ev.predict(ids, runner, config.train().batchSize());
            long t0 = System.nanoTime();
            ev.predict(ids, runner, config.train().batchSize());
            cost[i] = new double[] {lengths[i], (System.nanoTime() - t0) / 1e6 * 1000 / ids.length};
        }
        return cost;
    }

    /** Saves the outcome's model with its provenance. */
    public static void save(Path file, Outcome o, Dataset data, RunConfig config) throws IOException {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("valid", o.valid());
        metrics.put("test", o.test());
        metrics.put("best_epoch", o.training().bestEpoch());
        // The whole run's rate (its first epoch includes the JIT's warm-up) and the last epoch's, which is what
        // compare's table shows.
        metrics.put("train_samples_per_second", o.training().samplesPerSecond());
        var epochs = o.training().epochs();
        if (!epochs.isEmpty()) {
            metrics.put("train_samples_per_second_last_epoch", epochs.get(epochs.size() - 1).samplesPerSecond());
        }
        if (o.consistency().measured()) {
            metrics.put("twin_consistency", o.consistency().overlap());
            metrics.put("twin_consistency_weight_held", o.consistency().weightHeld());
            metrics.put("twin_consistency_top_weight", o.consistency().topWeight());
            metrics.put("twin_consistency_samples", o.consistency().samples());
        }
        Provenance p = new Provenance(o.model(), LibraryVersion.get(), Instant.now().toString(), config.model().seed(),
                data.dir().toAbsolutePath().toString(), data.fingerprint(), data.items().size(),
                data.categories().size(), RunConfig.JSON.convertValue(config.model(), Map.class),
                RunConfig.JSON.convertValue(config.train(), Map.class), metrics, Kernels.get().name(),
                data.modelVocabularies());
        ModelArtifact.save(file, o.trained(), p);
    }
}
