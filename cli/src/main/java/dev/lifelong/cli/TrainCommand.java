package dev.lifelong.cli;

import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.train.run.Comparison;
import dev.lifelong.train.run.RunConfig;
import dev.lifelong.train.run.TrainRun;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lifelong train}: one model on one dataset, saved as an artifact. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains one model on a dataset's training split (early stopping on validation AUC), "
            + "evaluates it on validation and test, and saves it as a checksummed artifact with its provenance."})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, description = "dataset folder")
    Path data;

    @Option(names = "--model", required = true, description = "registry name: ${COMPLETION-CANDIDATES}",
            completionCandidates = ModelNames.class)
    String model;

    @Option(names = "--out", description = "artifact to write (default: <data>/<model>.llm)")
    Path out;

    @Option(names = "--force", description = "overwrite an existing artifact")
    boolean force;

    @Option(names = "--resume", description = "continue from the checkpoint left by an interrupted run "
            + "(<artifact>.checkpoint), exactly as if it had not stopped")
    boolean resume;

    @Mixin
    RunOptions run = new RunOptions();

    @Mixin
    RunOptions.Epochs epochs = new RunOptions.Epochs();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Dataset d = Dataset.open(data);
        RunConfig config = epochs.apply(run.resolve());
        Path file = out != null ? out : data.resolve(model + ".llm");
        if (Files.exists(file) && !force && !resume) {
            throw new IllegalArgumentException(file + " exists; pass --force to overwrite it");
        }
        Path checkpoint = file.resolveSibling(file.getFileName() + ".checkpoint");
        if (resume && !Files.exists(checkpoint)) {
            throw new IllegalArgumentException("no checkpoint to resume from: " + checkpoint + " does not exist");
        }
        TrainRun.Outcome o = TrainRun.run(model, d, config, new ConsoleProgress(System.err), checkpoint, resume);
        TrainRun.save(file, o, d, config);
        PrintWriter w = spec.commandLine().getOut();
        for (var e : o.training().epochs()) {
            w.printf(Locale.ROOT, "epoch %d  train loss %.4f  valid AUC %.4f  %,.0f samples/s%n", e.epoch(),
                    e.trainLoss(), e.valid() == null ? Double.NaN : e.valid().auc(), e.samplesPerSecond());
        }
        w.printf(Locale.ROOT, "best epoch %d; test AUC %.4f, GAUC %.4f, logloss %.4f (%,d samples)%n",
                o.training().bestEpoch(), o.test().auc(), o.test().gauc(), o.test().logloss(), o.test().samples());
        if (o.consistency().measured()) {
            w.println(Comparison.consistency(model, o.consistency(), "test"));
        }
        w.println("model saved to " + file);
        w.flush();
        return 0;
    }
}
