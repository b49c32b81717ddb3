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

    /**
     * A behaviour's vector {@code [item embedding ; category embedding]} read from the model's tables in double,
     * for references computed apart from the units' float loops.
     */
    public static double[] behaviourVector(CtrModel m, int item, int category) {
        int dim = m.embeddings().dim();
        double[] e = new double[2 * dim];
        for (int c = 0; c < dim; c++) {
            e[c] = m.embeddings().items().values()[item * dim + c];
            e[dim + c] = m.embeddings().categories().values()[category * dim + c];
        }
        return e;
    }
}
