package dev.lifelong.cli;

import dev.lifelong.data.dataset.DatasetBuilder;
import dev.lifelong.data.dataset.DatasetMetadata;
import dev.lifelong.data.read.CsvEventReader;
import dev.lifelong.data.read.EventReader;
import dev.lifelong.data.read.TimeRange;
import dev.lifelong.data.sample.LabelProtocol;
import dev.lifelong.data.sample.NegativeSampler;
import dev.lifelong.data.split.SplitSpec;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lifelong prepare}: a raw event log to a dataset folder. */
@Command(name = "prepare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reads a raw event log, validates every row, and writes a dataset folder: vocabularies, "
            + "per-user timelines, labelled samples and their train/valid/test split.",
            "Every rejected row is counted by reason; the first ones are shown with file:line."})
final class PrepareCommand implements Callable<Integer> {

    enum Protocol { explicit, sampled_negatives, last_behaviour }

    @Option(names = "--format", required = true, description = "taobao, movielens or csv (with --mapping)")
    LogFormat format;

    @Option(names = "--input", required = true, description = "the log: a file (.gz accepted) or, for movielens, "
            + "its folder")
    Path input;

    @Option(names = "--mapping", description = "YAML column mapping for --format csv")
    Path mapping;

    @Option(names = "--out", required = true, description = "dataset folder to write")
    Path out;

    @Option(names = "--force", description = "overwrite a non-empty --out")
    boolean force;

    @Option(names = "--protocol", description = "explicit, sampled_negatives or last_behaviour (default: explicit "
            + "for movielens and labelled csv, sampled_negatives otherwise)")
    Protocol protocol;

    @Option(names = "--threshold", description = "explicit protocol without a label column: value >= threshold is "
            + "a click (default: ${DEFAULT-VALUE})", defaultValue = "4.0")
    float threshold;

    @Option(names = "--negatives", description = "negatives per positive (default: ${DEFAULT-VALUE})",
            defaultValue = "1")
    int negatives;

    @Option(names = "--sampler", description = "uniform or same_category (default: ${DEFAULT-VALUE})",
            defaultValue = "same_category")
    NegativeSampler sampler;

    @picocli.CommandLine.Mixin
    SplitOptions splitOptions = new SplitOptions();

    @Option(names = "--min-item-count", description = "items seen fewer times become unknown (default: "
            + "${DEFAULT-VALUE})", defaultValue = "1")
    int minItemCount;

    @Option(names = "--from", description = "reject events before this date (YYYY-MM-DD, UTC)")
    LocalDate from;

    @Option(names = "--to", description = "reject events on or after this date (YYYY-MM-DD, UTC)")
    LocalDate to;

    @Option(names = "--seed", description = "seed of negative sampling (default: ${DEFAULT-VALUE})",
            defaultValue = "42")
    long seed;

    @picocli.CommandLine.Mixin
    RejectionOptions rejections;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TimeRange range = new TimeRange(from == null ? TimeRange.DEFAULT.from() : SplitOptions.epoch(from),
                to == null ? TimeRange.DEFAULT.to() : SplitOptions.epoch(to));
        EventReader reader = format.reader(input, mapping, range);
        boolean labelled = reader instanceof CsvEventReader csv && csv.hasLabels();
        Protocol p = protocol != null ? protocol
                : format == LogFormat.movielens || labelled ? Protocol.explicit : Protocol.sampled_negatives;
        LabelProtocol labelProtocol = switch (p) {
            case explicit -> new LabelProtocol.Explicit(labelled ? Float.NaN : threshold);
            case sampled_negatives -> new LabelProtocol.SampledNegatives(negatives, sampler);
            case last_behaviour -> new LabelProtocol.LastBehaviour();
        };
        SplitSpec splitSpec = splitOptions.toSpec();
        OutputFolder.prepare(out, force);
        DatasetMetadata m = DatasetBuilder.prepare(reader, out,
                new DatasetBuilder.Options(labelProtocol, splitSpec, minItemCount, seed, rejections.strict,
                        rejections.examples),
                new ConsoleProgress(System.err));
        DatasetReport.print(m, out, spec.commandLine().getOut());
        return 0;
    }
}
