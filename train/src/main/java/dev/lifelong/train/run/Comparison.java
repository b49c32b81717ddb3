package dev.lifelong.train.run;

import dev.lifelong.core.kernel.Kernels;
import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.progress.ProgressListener;
import dev.lifelong.models.twin.Consistency;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import dev.lifelong.train.metric.Metrics;

/**
 * {@code compare}: trains and evaluates each model on the same dataset and split with the same configuration,
 * and writes the table (markdown) to a report folder. On synthetic data the oracle AUC (of the true click
 * probabilities) is reported with each model's gap to it.
 */
public final class Comparison {

    private Comparison() {
    }

    /** Runs every model in turn; {@code onEach} hears each outcome as it finishes. */
    public static List<TrainRun.Outcome> run(Dataset data, List<String> models, RunConfig config,
                                             ProgressListener progress,
                                             java.util.function.Consumer<TrainRun.Outcome> onEach) {
        List<TrainRun.Outcome> out = new ArrayList<>();
        for (String m : models) {
            TrainRun.Outcome o = TrainRun.run(m, data, config, progress);
            onEach.accept(o);
            out.add(o);
        }
        return out;
    }

    /** Training samples/s of the last epoch run: the first includes JIT warm-up. */
    public static double steadyThroughput(TrainRun.Outcome o) {
        var epochs = o.training().epochs();
        return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).samplesPerSecond();
    }

    /**
     * TWIN's consistency with exact attention ({@link Consistency}) as one sentence, for reports and the
     * commands that train or evaluate: {@code split} names the samples it was measured over.
     */
    public static String consistency(String model, Consistency c, String split) {
        return String.format(Locale.ROOT, "%s consistency: %.1f%% of its search unit's selection is in the top of "
                + "exact attention over the whole sequence, and the selection holds %.1f%% of the attention weight "
                + "that top holds (the top holds %.1f%% of all); over the %,d %s samples whose long history is longer "
                + "than the selection.", model, 100 * c.overlap(), 100 * c.weightHeld(), 100 * c.topWeight(),
                c.samples(), split);
    }

    /** The comparison table in markdown. */
    public static String table(Dataset data, List<TrainRun.Outcome> outcomes) {
        Object oracle = data.metadata().notes() == null ? null : data.metadata().notes().get("oracle_auc_test");
        StringBuilder sb = new StringBuilder();
        sb.append("| model | test AUC | test GAUC | logloss | valid AUC | best epoch | train samples/s | eval ms / 1k"
                + " | parameters |");
        sb.append(oracle != null ? " gap to oracle |\n" : "\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|").append(oracle != null ? "---:|\n" : "\n");
        for (TrainRun.Outcome o : outcomes) {
            sb.append(String.format(Locale.ROOT, "| `%s` | %.4f | %.4f | %.4f | %.4f | %d | %,.0f | %.1f | %,d |",
                    o.model(), o.test().auc(), o.test().gauc(), o.test().logloss(), o.valid().auc(),
                    o.training().bestEpoch(), steadyThroughput(o), o.evalMillisPer1k(), o.parameters()));
            if (oracle != null) {
                sb.append(String.format(Locale.ROOT, " %.4f |", ((Number) oracle).doubleValue() - o.test().auc()));
            }
            sb.append('\n');
        }
        for (TrainRun.Outcome o : outcomes) {
            if (o.consistency().measured()) {
                sb.append(String.format(Locale.ROOT, "%n%s%n", consistency("`" + o.model() + "`", o.consistency(),
                        "test")));
            }
        }
        if (oracle != null) {
            sb.append(String.format(Locale.ROOT, "%nOracle test AUC (the true click probabilities): %.4f.%n",
                    ((Number) oracle).doubleValue()));
        }
        sb.append("GAUC weighs each user's AUC by the user's sample count and skips users whose samples all share one "
                + "label. Train samples/s is the last epoch's (the first includes JIT warm-up), on all cores.\n");
        // Speeds depend on the JDK and the kernels, and so do the quality columns to their last digits (kernels
        // of another vector width sum in another order): a table names them.
        sb.append(String.format(Locale.ROOT, "Ran on Java %s, kernels %s, %d cores.%n", Runtime.version(),
                Kernels.get().name(), Runtime.getRuntime().availableProcessors()));
        sb.append(byLength(outcomes, "Test AUC by the length of the sample's whole history (samples in brackets)",
                m -> String.format(Locale.ROOT, "%.4f (%d)", m.auc(), m.samples())));
        return sb.toString();
    }

    /**
     * GAUC and logloss per history length, as the table gives AUC: for the report, where the console's table
     * would grow too long.
     */
    static String moreByLength(List<TrainRun.Outcome> outcomes) {
        return byLength(outcomes, "Test GAUC by the length of the sample's whole history (users with both labels "
                + "in the bucket; `-` where none)", m -> Double.isNaN(m.gauc()) ? "-"
                : String.format(Locale.ROOT, "%.4f", m.gauc()))
                + byLength(outcomes, "Test logloss by the length of the sample's whole history",
                        m -> String.format(Locale.ROOT, "%.4f", m.logloss()));
    }

    /** A table of one metric per model and history-length bucket ({@link TrainRun#LENGTH_EDGES}). */
    private static String byLength(List<TrainRun.Outcome> outcomes, String title,
                                   java.util.function.Function<Metrics, String> cell) {
        StringBuilder sb = new StringBuilder("\n").append(title).append(":\n\n| model |");
        int[] edges = TrainRun.LENGTH_EDGES;
        for (int k = 0; k < edges.length; k++) {
            sb.append(k + 1 < edges.length ? " " + edges[k] + "-" + (edges[k + 1] - 1) + " |" : " " + edges[k] + "+ |");
        }
        sb.append("\n|---|").append("---:|".repeat(edges.length)).append('\n');
        for (TrainRun.Outcome o : outcomes) {
            sb.append("| `").append(o.model()).append("` |");
            for (Metrics m : o.byHistoryLength()) {
                sb.append(' ').append(m.samples() == 0 ? "-" : cell.apply(m)).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Folder of the report holding each compared model's artifact, ready for evaluate or serve. */
    public static final String MODELS = "models";
    /** The report's configuration, for compare --config. */
    public static final String CONFIG = "config.yaml";

    /**
     * Writes {@code report.md}, {@code config.yaml}, {@code auc.png}, {@code cost-vs-length.png} and the models'
     * artifacts into {@code out}.
     */
    public static Path write(Path out, Dataset data, List<TrainRun.Outcome> outcomes, RunConfig config, String command)
            throws IOException {
        Files.createDirectories(out.resolve(MODELS));
        for (TrainRun.Outcome o : outcomes) {
            TrainRun.save(out.resolve(MODELS).resolve(o.model() + ".llm"), o, data, config);
        }
        config.write(out.resolve(CONFIG), "The settings this report was made with (" + command + "); `lifelong "
                + "compare --config` with this file trains the same way.");
        ReportPlots.auc(out.resolve("auc.png"), data, outcomes);
        ReportPlots.costVersusLength(out.resolve("cost-vs-length.png"), outcomes);
        String md = "# Model comparison\n\nDataset: `" + data.dir() + "` (" + data.metadata().source() + ")\n\n"
                + "Command: `" + command + "`\n\n" + table(data, outcomes) + moreByLength(outcomes)
                + "\n![test AUC per model](auc.png)\n\n![scoring cost versus sequence length](cost-vs-length.png)\n"
                + "\nEach model's artifact is in `" + MODELS + "/` (for `lifelong evaluate` or `lifelong serve`); the "
                + "settings are in `" + CONFIG + "` (for `lifelong compare --config`).\n"
                + "\nModel configuration: " + config.model() + "\n\nTraining configuration: " + config.train() + "\n";
        Path report = out.resolve("report.md");
        Files.writeString(report, md);
        return report;
    }
}
