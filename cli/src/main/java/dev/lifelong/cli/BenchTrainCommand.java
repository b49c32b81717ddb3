package dev.lifelong.cli;

import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.models.frame.CtrModel;
import dev.lifelong.models.frame.ModelRegistry;
import dev.lifelong.train.loop.TrainingSteps;
import dev.lifelong.train.run.RunConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lifelong bench train}: training throughput, and where a step's time goes. The models train side by side,
 * an epoch each in turn, so a drift of the machine's speed weighs on all of them alike; the first epochs are run
 * and not counted (the JIT is still compiling), and the rest are summarised by their median. Nothing is
 * validated or saved: this times the optimizer steps alone.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Times training: per model, the median samples/s of the epochs after the warm-up ones, and "
            + "how an epoch's time splits between the shards' forward and backward, the gradient sum and the "
            + "optimizer step. Models take their epochs in turn. Writes a markdown table."})
final class BenchTrainCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "dataset folder")
    Path data;

    @Option(names = "--model", required = true, split = ",", paramLabel = "NAME", description = "models to time "
            + "(repeat or comma-separate): ${COMPLETION-CANDIDATES}", completionCandidates = ModelNames.class)
    List<String> models;

    @Option(names = "--warmup-epochs", description = "epochs run first and not counted (default: ${DEFAULT-VALUE})",
            defaultValue = "2")
    int warmupEpochs;

    @Option(names = "--timed-epochs", description = "epochs counted; train.epochs of the config is not used "
            + "(default: ${DEFAULT-VALUE})", defaultValue = "4")
    int timedEpochs;

    @Option(names = "--out", description = "folder for results.md (default: ${DEFAULT-VALUE})",
            defaultValue = "bench-train")
    Path out;

    @Mixin
    RunOptions run = new RunOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (warmupEpochs < 0 || timedEpochs < 1) {
            throw new IllegalArgumentException("--timed-epochs must be at least 1 and --warmup-epochs at least 0");
        }
        ModelNames.check(models);
        Dataset d = Dataset.open(data);
        RunConfig config = run.resolve();
        PrintWriter w = spec.commandLine().getOut();
        List<TrainingSteps> steps = new ArrayList<>();
        List<List<TrainingSteps.Epoch>> timed = new ArrayList<>();
        try {
            for (String name : models) {
                CtrModel model = ModelRegistry.create(name, config.model(), d.items().size(), d.categories().size());
                steps.add(new TrainingSteps(model, d, config.train()));
                timed.add(new ArrayList<>());
            }
            ConsoleProgress progress = new ConsoleProgress(System.err);
            for (int epoch = 1; epoch <= warmupEpochs + timedEpochs; epoch++) {
                for (int m = 0; m < models.size(); m++) {
                    TrainingSteps.Epoch e = steps.get(m).epoch(epoch, progress);
                    boolean counted = epoch > warmupEpochs;
                    if (counted) {
                        timed.get(m).add(e);
                    }
                    w.printf(Locale.ROOT, "%-16s epoch %d%s  %,8.0f samples/s  shards %,.0f ms, gradient sum %,.0f "
                            + "ms, optimizer step %,.0f ms%n", models.get(m), epoch, counted ? "" : " (warm-up)",
                            e.samplesPerSecond(), e.shardNanos() / 1e6, e.sumNanos() / 1e6, e.updateNanos() / 1e6);
                    w.flush();
                }
            }
        } finally {
            steps.forEach(TrainingSteps::close);
        }
        write(config, timed, w);
        return 0;
    }

    private void write(RunConfig config, List<List<TrainingSteps.Epoch>> timed, PrintWriter w)
            throws java.io.IOException {
        StringBuilder md = new StringBuilder("| model | L | batch | timed epochs | median samples/s "
                + "| slowest - fastest | shards ms / epoch | gradient sum ms / epoch | optimizer step ms / epoch |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int m = 0; m < models.size(); m++) {
            List<TrainingSteps.Epoch> es = timed.get(m);
            double[] rates = es.stream().mapToDouble(TrainingSteps.Epoch::samplesPerSecond).sorted().toArray();
            md.append(String.format(Locale.ROOT, "| `%s` | %,d | %,d | %d | %,.0f | %,.0f - %,.0f | %,.0f | %,.0f "
                    + "| %,.0f |%n", models.get(m), config.model().longLen(), config.train().batchSize(), es.size(),
                    median(rates), rates[0], rates[rates.length - 1], medianMillis(es, TrainingSteps.Epoch::shardNanos),
                    medianMillis(es, TrainingSteps.Epoch::sumNanos),
                    medianMillis(es, TrainingSteps.Epoch::updateNanos)));
        }
        md.append(String.format(Locale.ROOT, "%n%d warm-up epochs not counted, the models an epoch each in turn; "
                + "%,d training samples an epoch; %d worker threads on %d cores, %s, %s.%n", warmupEpochs,
                timed.get(0).get(0).samples(), config.train().threads() > 0 ? config.train().threads()
                        : Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().availableProcessors(),
                JvmSettings.describe(), LocalDate.now()));
        Files.createDirectories(out);
        Files.writeString(out.resolve("results.md"), md.toString());
        w.println();
        w.print(md);
        w.println("written to " + out.resolve("results.md"));
        w.flush();
    }

    private static double medianMillis(List<TrainingSteps.Epoch> es, ToDoubleFunction<TrainingSteps.Epoch> nanos) {
        return median(es.stream().mapToDouble(nanos).sorted().toArray()) / 1e6;
    }

    /** Of sorted values. */
    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
