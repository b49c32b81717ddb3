package dev.lifelong.cli;

import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.dataset.DatasetStatistics;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lifelong inspect}: what a dataset holds, checked against its files. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Prints a dataset's users, items, categories, events, history-length quantiles, "
            + "samples and label rate per split, and its rejected-row summary.",
            "Opening the dataset verifies every file's checksum."})
final class InspectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DATASET", description = "a dataset folder from prepare or generate")
    Path dataset;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Dataset d = Dataset.open(dataset);
        DatasetReport.print(d.metadata(), dataset, spec.commandLine().getOut());
        DatasetReport.printStatistics(DatasetStatistics.of(d), spec.commandLine().getOut());
        return 0;
    }
}
