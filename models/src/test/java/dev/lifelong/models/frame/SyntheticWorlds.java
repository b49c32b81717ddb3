package dev.lifelong.models.frame;

import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.progress.ProgressListener;
import dev.lifelong.data.split.SplitSpec;
import dev.lifelong.data.synth.SyntheticConfig;
import dev.lifelong.data.synth.SyntheticGenerator;
import java.nio.file.Path;

/** Small synthetic datasets for the models' tests, generated into a test's folder and opened. */
public final class SyntheticWorlds {

    private SyntheticWorlds() {
    }

    /** The default synthetic world at these sizes, time split 80/10/10. */
    public static Dataset generate(Path dir, int users, int items, int categories, double meanHistory,
                                   int maxHistory) throws java.io.IOException {
        new SyntheticGenerator(SyntheticConfig.DEFAULT.withSize(users, items, categories, meanHistory, maxHistory))
                .generate(dir, SplitSpec.TimeCut.fractions(0.1, 0.1), null, ProgressListener.NONE);
        return Dataset.open(dir);
    }
}
