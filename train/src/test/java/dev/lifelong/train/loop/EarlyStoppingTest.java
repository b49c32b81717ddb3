package dev.lifelong.train.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.progress.ProgressListener;
import dev.lifelong.data.split.SplitSpec;
import dev.lifelong.data.synth.SyntheticConfig;
import dev.lifelong.data.synth.SyntheticGenerator;
import dev.lifelong.models.frame.ModelConfig;
import dev.lifelong.models.frame.ModelRegistry;
import dev.lifelong.train.metric.Metrics;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which epoch early stopping keeps, and training that diverges stopping with a reason. */
class EarlyStoppingTest {

    private static Metrics valid(double auc, double logloss) {
        return new Metrics(100, auc, Double.NaN, 0, logloss, 0.5);
    }

    @Test
    void aHigherValidationAucWins() {
        assertThat(Trainer.criterion(valid(0.71, 0.6), 2)).isGreaterThan(Trainer.criterion(valid(0.70, 0.5), 1));
    }

    /** Every validation label alike: AUC is NaN, which never beats anything, so the lower logloss decides. */
    @Test
    void withAnUndefinedAucTheLowerLoglossWins() {
        assertThat(Trainer.criterion(valid(Double.NaN, 0.40), 3))
                .isGreaterThan(Trainer.criterion(valid(Double.NaN, 0.45), 2));
        assertThat(Trainer.criterion(valid(Double.NaN, 0.45), 3))
                .isLessThan(Trainer.criterion(valid(Double.NaN, 0.40), 2));
    }

    @Test
    void withoutAValidationSplitTheLastEpochWins() {
        assertThat(Trainer.criterion(null, 3)).isGreaterThan(Trainer.criterion(null, 2));
    }

    /** Learning rates far too large: the loss leaves the floats, and training says so instead of going on in NaN. */
    @Test
    void trainingThatDivergesStopsSayingWhere(@TempDir Path dir) throws Exception {
        new SyntheticGenerator(SyntheticConfig.DEFAULT.withSize(40, 200, 8, 60, 300)).generate(dir,
                SplitSpec.TimeCut.fractions(0.1, 0.1), null, ProgressListener.NONE);
        Dataset data = Dataset.open(dir);
        var model = ModelRegistry.create("dnn-avgpool", new ModelConfig(4, 40, 8, 2, new int[] {8}, 16, 5, 1),
                data.items().size(), data.categories().size());
        TrainConfig wild = new TrainConfig(3, 32, 16, 0, 1e30f, 1e30f, 0f, 0f, 2, 42);
        assertThatThrownBy(() -> new Trainer(wild).train(model, data, ProgressListener.NONE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("training dnn-avgpool diverged in epoch ")
                .hasMessageContaining("lower the learning rates");
    }
}
