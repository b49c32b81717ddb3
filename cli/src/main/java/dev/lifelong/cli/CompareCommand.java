package dev.lifelong.cli;

import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.models.frame.ModelRegistry;
import dev.lifelong.train.run.Comparison;
import dev.lifelong.train.run.RunConfig;
import dev.lifelong.train.run.TrainRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lifelong compare}: several models, one dataset, one table. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains and evaluates each model on the same dataset and split, and writes a report folder "
            + "with the comparison table (test AUC, GAUC, logloss, throughput, parameters; on synthetic data the "
            + "gap to the oracle AUC)."})
final class CompareCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, description = "dataset folder")
    Path data;

    @Option(names = "--models", split = ",", description = "comma-separated registry names (default: all)")
    List<String> models;

    @Option(names = "--out", description = "report folder (default: <data>/report)")
    Path out;

    @Mixin
    RunOptions run = new RunOptions();

    @Mixin
    RunOptions.Epochs epochs = new RunOptions.Epochs();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<String> names = ModelNames.check(models == null ? ModelRegistry.names() : models);
        Dataset d = Dataset.open(data);
        RunConfig config = epochs.apply(run.resolve());
        PrintWriter w = spec.commandLine().getOut();
        var outcomes = compare(d, names, config, w);
        Path report = Comparison.write(out != null ? out : data.resolve("report"), d, outcomes, config,
                "lifelong " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        w.println();
        w.print(Comparison.table(d, outcomes));
        w.println("report: " + report);
        w.flush();
        return 0;
    }

    static List<TrainRun.Outcome> compare(Dataset d, List<String> names, RunConfig config, PrintWriter w) {
        return Comparison.run(d, names, config, new ConsoleProgress(System.err), o -> {
            w.printf(java.util.Locale.ROOT, "%-18s test AUC %.4f  GAUC %.4f  (%,.0f train samples/s)%n", o.model(),
                    o.test().auc(), o.test().gauc(), Comparison.steadyThroughput(o));
            w.flush();
        });
    }
}
