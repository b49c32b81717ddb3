package dev.lifelong.cli;

import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.dataset.DatasetMetadata;
import dev.lifelong.data.split.SplitSpec;
import dev.lifelong.data.synth.SyntheticConfig;
import dev.lifelong.data.synth.SyntheticGenerator;
import dev.lifelong.models.frame.ModelConfig;
import dev.lifelong.train.loop.TrainConfig;
import dev.lifelong.train.run.Comparison;
import dev.lifelong.train.run.RunConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lifelong quickstart}: the embedded default, end to end, in a few minutes. */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"Generates a small synthetic lifelong dataset (users whose dormant, long-ago interests "
            + "still drive clicks), trains and compares the models on it, and prints the table."})
final class QuickstartCommand implements Callable<Integer> {

    static final String SLOW = "din-full-long";
    /** Every model but {@link #SLOW}: its MLP per behaviour makes it ~20x slower than the rest. */
    static final List<String> MODELS = dev.lifelong.models.frame.ModelRegistry.names().stream()
            .filter(n -> !n.equals(SLOW)).toList();

    @Option(names = "--out", description = "working folder (default: ${DEFAULT-VALUE})", defaultValue = "quickstart")
    Path out;

    @Option(names = "--force", description = "reuse a non-empty --out")
    boolean force;

    @Option(names = "--threads", description = "worker threads (default: all cores)", defaultValue = "0")
    int threads;

    /** What the quickstart trains with; docs/configs/quickstart.yaml writes the same down for compare. */
    static RunConfig settings(int threads) {
        return new RunConfig(ModelConfig.DEFAULT.withLengths(500, 20),
                new TrainConfig(4, 128, 32, threads, 0.05f, 3e-3f, 0f, 10f, 2, 42));
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputFolder.prepare(out, force);
        PrintWriter w = spec.commandLine().getOut();
        Path data = out.resolve("data");
        SyntheticConfig synth = SyntheticConfig.DEFAULT.withSize(1_000, 10_000, 60, 500, 20_000);
        DatasetMetadata m = new SyntheticGenerator(synth).generate(data, SplitSpec.TimeCut.fractions(0.1, 0.1), null,
                new ConsoleProgress(System.err));
        w.printf(Locale.ROOT, "generated %,d users, %,d behaviours, %,d labelled impressions; oracle test AUC %s%n",
                m.count("users"), m.count("events"), m.count("samples"), m.notes().get("oracle_auc_test"));
        w.flush();
        RunConfig config = settings(threads);
        Dataset d = Dataset.open(data);
        var outcomes = CompareCommand.compare(d, MODELS, config, w);
        Path report = Comparison.write(out.resolve("report"), d, outcomes, config, "lifelong quickstart");
        w.println();
        w.print(Comparison.table(d, outcomes));
        w.println("report: " + report);
        w.println("(" + SLOW + " is left out for time; add it, with the same settings, with: lifelong compare --data "
                + data + " --models " + SLOW + " --config " + report.resolveSibling(Comparison.CONFIG) + " --out "
                + out.resolve("report-" + SLOW) + ")");
        w.flush();
        return 0;
    }
}
