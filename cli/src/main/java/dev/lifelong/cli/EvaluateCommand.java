package dev.lifelong.cli;

import dev.lifelong.core.parallel.ShardedBatchRunner;
import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.split.Split;
import dev.lifelong.models.artifact.ModelArtifact;
import dev.lifelong.train.loop.Evaluator;
import dev.lifelong.train.metric.Metrics;
import dev.lifelong.train.run.TrainRun;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lifelong evaluate}: a saved model's metrics on a dataset split. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Scores a dataset split with a saved model and prints AUC, GAUC and logloss."})
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "a model artifact from train")
    Path model;

    @Option(names = "--data", required = true, description = "dataset folder")
    Path data;

    @Option(names = "--split", description = "train, valid or test (default: ${DEFAULT-VALUE})", defaultValue = "test")
    String split;

    @Option(names = "--threads", description = "worker threads (default: all cores)", defaultValue = "0")
    int threads;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Split s = Split.valueOf(split.toUpperCase(Locale.ROOT));
        ModelArtifact.Loaded loaded = ModelArtifact.load(model);
        Dataset d = Dataset.open(data);
        if (loaded.provenance().itemRows() != d.items().size()
                || loaded.provenance().categoryRows() != d.categories().size()) {
            throw new IllegalArgumentException(model + " was trained on vocabularies of " + loaded.provenance().itemRows()
                    + " items and " + loaded.provenance().categoryRows() + " categories; " + data + " has "
                    + d.items().size() + " and " + d.categories().size());
        }
        String fp = TrainRun.fingerprint(d);
        var w = spec.commandLine().getOut();
        if (!fp.equals(loaded.provenance().dataFingerprint())) {
            w.println("note: the dataset differs from the one the model was trained on (fingerprint " + fp + " vs "
                    + loaded.provenance().dataFingerprint() + ")");
        }
        try (ShardedBatchRunner runner = new ShardedBatchRunner(threads)) {
            Metrics m = new Evaluator(loaded.model(), d, 64).evaluate(Evaluator.samplesOf(d, s), runner, 1024);
            w.printf(Locale.ROOT, "model %s on %s %s: AUC %.4f, GAUC %.4f (%d users), logloss %.4f, %,d samples%n",
                    loaded.model().name(), data, s.label(), m.auc(), m.gauc(), m.gaucUsers(), m.logloss(), m.samples());
        }
        w.flush();
        return 0;
    }
}
