package dev.lifelong.cli;

import dev.lifelong.core.parallel.ShardedBatchRunner;
import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.split.Split;
import dev.lifelong.models.artifact.ModelArtifact;
import dev.lifelong.models.twin.Consistency;
import dev.lifelong.train.loop.Evaluator;
import dev.lifelong.train.metric.Metrics;
import dev.lifelong.train.run.Comparison;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lifelong evaluate}: a saved model's metrics on a dataset split. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Scores a dataset split with a saved model and prints AUC, GAUC and logloss (and for twin, its "
            + "search unit's consistency with exact attention)."})
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "a model artifact from train")
    Path model;

    @Option(names = "--data", required = true, description = "dataset folder")
    Path data;

    @Option(names = "--split", description = "train, valid or test (default: ${DEFAULT-VALUE})", defaultValue = "test")
    String split;

    @Option(names = "--threads", description = "worker threads (default: all cores)", defaultValue = "0")
    int threads;

    @Option(names = "--explain", description = "also explain the first N samples: the behaviours the model "
            + "attended to, heaviest first (default: ${DEFAULT-VALUE})", defaultValue = "0")
    int explain;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Split s;
        try {
            s = Split.valueOf(split.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--split must be train, valid or test, not '" + split + "'");
        }
        ModelArtifact.Loaded loaded = ModelArtifact.load(model);
        Dataset d = Dataset.open(data);
        String mismatch = loaded.provenance().vocabularyMismatch(d.items().size(), d.categories().size(),
                d.modelVocabularies());
        if (mismatch != null) {
            throw new IllegalArgumentException(model + " cannot score " + data + ": " + mismatch);
        }
        String fp = d.fingerprint();
        var w = spec.commandLine().getOut();
        if (!fp.equals(loaded.provenance().dataFingerprint())) {
            w.println("note: the dataset differs from the one the model was trained on (fingerprint " + fp + " vs "
                    + loaded.provenance().dataFingerprint() + ")");
        }
        try (ShardedBatchRunner runner = new ShardedBatchRunner(threads)) {
            Evaluator ev = new Evaluator(loaded.model(), d, 64);
            int[] ids = Evaluator.samplesOf(d, s);
            Evaluator.Measured measured = ev.predictMeasuring(ids, runner, 256);
            Metrics m = ev.metrics(ids, measured.predictions());
            w.printf(Locale.ROOT, "model %s on %s %s: AUC %.4f, GAUC %.4f (%d users), logloss %.4f, %,d samples%n",
                    loaded.model().name(), data, s.label(), m.auc(), m.gauc(), m.gaucUsers(), m.logloss(), m.samples());
            Consistency c = measured.consistency();
            if (c.measured()) {
                w.println(Comparison.consistency(loaded.model().name(), c, s.label()));
            }
        }
        if (explain > 0) {
            explain(loaded.model(), d, java.util.Arrays.copyOf(Evaluator.samplesOf(d, s),
                    Math.min(explain, Evaluator.samplesOf(d, s).length)), w);
        }
        w.flush();
        return 0;
    }

    private static void explain(dev.lifelong.models.frame.CtrModel model, Dataset d, int[] ids, java.io.PrintWriter w) {
        var sh = model.newShard();
        model.assembler(d).assemble(ids, 0, ids.length, sh.batch);
        model.run(sh, ids.length, false, false);
        var t = d.timelines();
        for (int b = 0; b < ids.length; b++) {
            int i = ids[b];
            w.printf(Locale.ROOT, "%nsample %d: user %s, target %s (%s), label %.0f, predicted %.4f%n", i,
                    d.users().raw(d.samples().user(i)), d.items().raw(d.samples().item(i)),
                    d.categories().raw(d.samples().category(i)), d.samples().label(i),
                    dev.lifelong.core.kernel.ScalarKernels.sigmoid(sh.logits()[b]));
            var explained = model.explain(sh, b);
            for (var e : explained.subList(0, Math.min(10, explained.size()))) {
                w.printf(Locale.ROOT, "  %8.4f  %s (%s) at %s%n", e.weight(), d.items().raw(e.item()),
                        d.categories().raw(e.category()), java.time.Instant.ofEpochSecond(t.epochSeconds(e.timelineRow())));
            }
            if (explained.size() > 10) {
                w.printf(Locale.ROOT, "  ... %d more%n", explained.size() - 10);
            }
        }
    }
}
