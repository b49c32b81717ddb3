package dev.lifelong.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lifelong.core.kernel.Kernels;
import dev.lifelong.core.parallel.ShardedBatchRunner;
import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.progress.ProgressListener;
import dev.lifelong.data.split.Split;
import dev.lifelong.models.artifact.ModelArtifact;
import dev.lifelong.models.frame.CtrModel;
import dev.lifelong.models.frame.ModelRegistry;
import dev.lifelong.train.loop.Evaluator;
import dev.lifelong.train.loop.Trainer;
import dev.lifelong.train.metric.Metrics;
import dev.lifelong.train.run.RunConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Artifacts and a checkpoint written by an earlier version (test resources {@code artifacts-a6956a5}, see their
 * README) still load, score as they recorded, and resume: formats grow fields, and what users saved before
 * must keep working.
 */
class OldArtifactsTest {

    private static Path dir() throws Exception {
        return Path.of(OldArtifactsTest.class.getResource("/artifacts-a6956a5").toURI());
    }

    static java.util.stream.Stream<String> models() {
        return ModelRegistry.names().stream();
    }

    @ParameterizedTest
    @MethodSource("models")
    void anOldArtifactLoadsAndScoresTheTestSplitAsItRecorded(String name) throws Exception {
        ModelArtifact.Loaded loaded = ModelArtifact.load(dir().resolve(name + ".llm"));
        Dataset data = Dataset.open(dir().resolve("data"));
        assertThat(loaded.provenance().vocabularies()).as("recorded only from a later version").isNull();
        assertThat(loaded.provenance().vocabularyMismatch(data.items().size(), data.categories().size(),
                data.modelVocabularies())).isNull();
        Metrics now;
        try (ShardedBatchRunner runner = new ShardedBatchRunner(0)) {
            now = new Evaluator(loaded.model(), data, 32).evaluate(Evaluator.samplesOf(data, Split.TEST), runner, 64);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> then = (Map<String, Object>) loaded.provenance().metrics().get("test");
        // The same kernels give the same scores; other widths sum in another order, to float error.
        boolean sameKernels = Kernels.get().name().equals(loaded.provenance().kernels());
        assertThat(now.samples()).isEqualTo(((Number) then.get("samples")).intValue());
        assertThat(now.auc()).isCloseTo(((Number) then.get("auc")).doubleValue(), within(sameKernels ? 1e-12 : 0.02));
        assertThat(now.logloss()).isCloseTo(((Number) then.get("logloss")).doubleValue(),
                within(sameKernels ? 1e-6 : 1e-3));
    }

    @Test
    void anOldCheckpointResumes(@TempDir Path tmp) throws Exception {
        Path ckpt = tmp.resolve("eta.checkpoint");
        Files.copy(dir().resolve("eta.checkpoint"), ckpt, StandardCopyOption.COPY_ATTRIBUTES);
        Dataset data = Dataset.open(dir().resolve("data"));
        RunConfig config = RunConfig.load(dir().resolve("tiny.yaml"));
        CtrModel model = ModelRegistry.create("eta", config.model(), data.items().size(), data.categories().size());
        Trainer.Result r = new Trainer(config.train().withEpochs(2)).train(model, data, ProgressListener.NONE, ckpt,
                true);
        assertThat(r.epochs()).hasSize(2);
        assertThat(r.epochs().get(0).epoch()).isEqualTo(1);
        assertThat(r.epochs().get(1).epoch()).isEqualTo(2);
        assertThat(r.epochs().get(1).trainLoss()).isFinite();
    }
}
