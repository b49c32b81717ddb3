package dev.lifelong.cli;

import dev.lifelong.data.dataset.DatasetMetadata;
import dev.lifelong.data.synth.SyntheticConfig;
import dev.lifelong.data.synth.SyntheticGenerator;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lifelong generate}: synthetic lifelong users with a known click model. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generates synthetic lifelong users whose click probability is a known function of the "
            + "target and the whole history (old, dormant interests included), and writes them as a dataset.",
            "Every sample carries its true click probability, so the oracle AUC is known and reported."})
final class GenerateCommand implements Callable<Integer> {

    private static final SyntheticConfig D = SyntheticConfig.DEFAULT;

    @Option(names = "--out", required = true, description = "dataset folder to write")
    Path out;

    @Option(names = "--force", description = "overwrite a non-empty --out")
    boolean force;

    @Option(names = "--users", description = "users (default: ${DEFAULT-VALUE})")
    int users = D.users();

    @Option(names = "--items", description = "items (default: ${DEFAULT-VALUE})")
    int items = D.items();

    @Option(names = "--categories", description = "item categories (default: ${DEFAULT-VALUE})")
    int categories = D.categories();

    @Option(names = "--mean-history", description = "mean behaviours per user, log-normal (default: "
            + "${DEFAULT-VALUE})")
    double meanHistory = D.meanHistory();

    @Option(names = "--max-history", description = "most behaviours per user (default: ${DEFAULT-VALUE})")
    int maxHistory = D.maxHistory();

    @Option(names = "--impressions", description = "labelled impressions per user (default: ${DEFAULT-VALUE})")
    int impressions = D.impressions();

    @Option(names = "--seed", description = "seed (default: ${DEFAULT-VALUE})")
    long seed = D.seed();

    @Option(names = "--log", description = "also write the behaviours as a raw Taobao-format CSV (.gz to compress),"
            + " for 'prepare'")
    Path log;

    @picocli.CommandLine.Mixin
    SplitOptions splitOptions = new SplitOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SyntheticConfig config = D.withSize(users, items, categories, meanHistory, maxHistory)
                .withImpressions(impressions).withSeed(seed);
        OutputFolder.prepare(out, force);
        DatasetMetadata m = new SyntheticGenerator(config).generate(out, splitOptions.toSpec(), log,
                new ConsoleProgress(System.err));
        var w = spec.commandLine().getOut();
        DatasetReport.print(m, out, w);
        w.printf(Locale.ROOT, "oracle AUC  train %s, valid %s, test %s (the true click probabilities)%n",
                m.notes().get("oracle_auc_train"), m.notes().get("oracle_auc_valid"), m.notes().get("oracle_auc_test"));
        if (log != null) {
            w.println("raw log     " + log);
        }
        w.flush();
        return 0;
    }
}
