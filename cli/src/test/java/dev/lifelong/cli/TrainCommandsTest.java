package dev.lifelong.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate -> train -> evaluate -> compare, as a user runs them. */
class TrainCommandsTest {

    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void generate() {
        data = generate("syn", 120, 600, 10);
    }

    /** A small synthetic dataset in the test's folder. */
    private static Path generate(String name, int users, int items, int impressions) {
        Path out = tmp.resolve(name);
        CliRun r = CliRun.of("generate", "--out", out.toString(), "--users", "" + users, "--items", "" + items,
                "--categories", "12", "--mean-history", "60", "--max-history", "400",
                "--impressions", "" + impressions);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("oracle AUC");
        return out;
    }

    private static Path config(String yaml) throws Exception {
        Path f = Files.createTempFile(tmp, "cfg", ".yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void trainSavesAnArtifactThatEvaluateReads() throws Exception {
        Path cfg = config("model:\n  embedding_dim: 4\n  long_len: 50\n  short_len: 8\n  heads: 2\n  mlp_hidden: [16]\n"
                + "  top_k: 10\n  hash_bits: 32\ntrain:\n  epochs: 1\n  batch_size: 64\n  shard_size: 32\n");
        Path model = tmp.resolve("eta.llm");
        CliRun train = CliRun.of("train", "--data", data.toString(), "--model", "eta", "--config", cfg.toString(),
                "--out", model.toString());
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(train.out()).contains("epoch 1", "test AUC", "model saved to");
        assertThat(CliRun.of("train", "--data", data.toString(), "--model", "eta", "--config", cfg.toString(),
                "--out", model.toString()).err()).contains("exists; pass --force");
        assertThat(Files.exists(tmp.resolve("eta.llm.checkpoint"))).isTrue();
        CliRun resumed = CliRun.of("train", "--data", data.toString(), "--model", "eta", "--config", cfg.toString(),
                "--out", model.toString(), "--resume", "--epochs", "2");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("epoch 1", "epoch 2");
        // A resumed run continues exactly only with the same training settings and data: else it refuses.
        Path otherLr = config("model:\n  embedding_dim: 4\n  long_len: 50\n  short_len: 8\n  heads: 2\n"
                + "  mlp_hidden: [16]\n  top_k: 10\n  hash_bits: 32\ntrain:\n  epochs: 1\n  batch_size: 64\n"
                + "  shard_size: 32\n  dense_lr: 0.01\n");
        CliRun changed = CliRun.of("train", "--data", data.toString(), "--model", "eta", "--config",
                otherLr.toString(), "--out", model.toString(), "--resume", "--epochs", "3");
        assertThat(changed.code()).isEqualTo(1);
        assertThat(changed.err()).contains("eta.llm.checkpoint was written with training settings",
                "dense_lr=0.002", "dense_lr=0.01", "resume with the same train: section");
        Path otherData = generate("syn-more-impressions", 120, 600, 11);
        CliRun elsewhere = CliRun.of("train", "--data", otherData.toString(), "--model", "eta", "--config",
                cfg.toString(), "--out", model.toString(), "--resume", "--epochs", "3");
        assertThat(elsewhere.code()).isEqualTo(1);
        assertThat(elsewhere.err()).contains("was written training on a dataset with fingerprint",
                otherData + " has ");
        // also where the other dataset's vocabularies differ in size, so the arrays would not fit either: the
        // dataset is named, not the arrays
        Path smaller = generate("syn-fewer-users", 60, 300, 10);
        CliRun fewer = CliRun.of("train", "--data", smaller.toString(), "--model", "eta", "--config",
                cfg.toString(), "--out", model.toString(), "--resume", "--epochs", "3");
        assertThat(fewer.err()).contains("was written training on a dataset with fingerprint")
                .doesNotContain("does not fit");
        CliRun eval = CliRun.of("evaluate", "--model", model.toString(), "--data", data.toString());
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("model eta on", "test: AUC").doesNotContain("differs");
        CliRun explained = CliRun.of("evaluate", "--model", model.toString(), "--data", data.toString(), "--explain",
                "2");
        assertThat(explained.out()).contains("sample ", "predicted", " at 20");
        // The artifact keeps the whole run's training rate and the last epoch's (compare's table shows the latter).
        var metrics = dev.lifelong.models.artifact.ModelArtifact.load(model).provenance().metrics();
        assertThat(metrics).containsKeys("train_samples_per_second", "train_samples_per_second_last_epoch",
                "best_epoch", "valid", "test");
        assertThat((Double) metrics.get("train_samples_per_second_last_epoch")).isPositive();
        // and the kernels that trained it: a seed reproduces training only at the same vector width
        assertThat(dev.lifelong.models.artifact.ModelArtifact.load(model).provenance().kernels())
                .isEqualTo(dev.lifelong.core.kernel.Kernels.get().name());
        CliRun badSplit = CliRun.of("evaluate", "--model", model.toString(), "--data", data.toString(), "--split",
                "foo");
        assertThat(badSplit.code()).as("a split that does not exist is a usage error").isEqualTo(2);
        assertThat(badSplit.err()).contains("--split must be train, valid or test, not 'foo'");
        // evaluate reproduces the test AUC that train reported for the saved (resumed) model.
        String trainedAuc = resumed.out().replaceAll("(?s).*test AUC (\\d\\.\\d+).*", "$1");
        assertThat(trainedAuc).matches("\\d\\.\\d{4}");
        assertThat(eval.out()).contains("AUC " + trainedAuc);
    }

    @Test
    void compareWritesTheTable() throws Exception {
        Path cfg = config("model: {embedding_dim: 4, long_len: 40, short_len: 8, heads: 2, mlp_hidden: [8],"
                + " gsu_size: 10}\ntrain: {epochs: 1, batch_size: 64, shard_size: 32}\n");
        Path out = tmp.resolve("report");
        CliRun r = CliRun.of("compare", "--data", data.toString(), "--models", "din-short,ta-full-long,twin",
                "--config", cfg.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String report = Files.readString(out.resolve("report.md"));
        assertThat(report).contains("| `din-short` |", "| `ta-full-long` |", "gap to oracle", "Oracle test AUC",
                "Test AUC by the length", "| 0-49 |", "Test GAUC by the length", "Test logloss by the length")
                .containsPattern("`twin` consistency: \\d+\\.\\d% of its search unit's selection is in the top of "
                        + "exact attention over the whole sequence, and the selection holds \\d+\\.\\d% of the "
                        + "attention weight that top holds \\(the top holds \\d+\\.\\d% of all\\); over the [\\d,]+ "
                        + "test samples")
                .doesNotContain("`din-short` consistency")
                .contains("Ran on Java " + Runtime.version() + ", kernels "
                        + dev.lifelong.core.kernel.Kernels.get().name() + ", ");
        // and the settings it was made with, for compare --config
        var settings = dev.lifelong.train.run.RunConfig.load(out.resolve("config.yaml"));
        assertThat(settings.model().heads()).isEqualTo(2);
        assertThat(settings.model().gsuSize()).isEqualTo(10);
        assertThat(settings.train().batchSize()).isEqualTo(64);
        var twin = dev.lifelong.models.artifact.ModelArtifact.load(out.resolve("models/twin.llm")).provenance()
                .metrics();
        assertThat(twin).containsKeys("twin_consistency", "twin_consistency_weight_held",
                "twin_consistency_top_weight", "twin_consistency_samples");
        assertThat(((Number) twin.get("twin_consistency_weight_held")).doubleValue()).isBetween(0.0, 1.0 + 1e-12);
        // evaluate measures it again on the split asked for, and on the test split agrees with the report.
        CliRun eval = CliRun.of("evaluate", "--model", out.resolve("models/twin.llm").toString(), "--data",
                data.toString());
        assertThat(eval.code()).as(eval.err()).isZero();
        String reported = report.replaceAll("(?s).*`twin` consistency: (\\d+\\.\\d%).*", "$1");
        assertThat(eval.out()).contains("twin consistency: " + reported + " of its search unit's selection",
                " test samples whose long history is longer than the selection.");
        CliRun valid = CliRun.of("evaluate", "--model", out.resolve("models/twin.llm").toString(), "--data",
                data.toString(), "--split", "valid");
        assertThat(valid.out()).contains("twin consistency: ", " valid samples whose long history");
        for (String png : new String[] {"auc.png", "cost-vs-length.png"}) {
            byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(out.resolve(png)), 4);
            assertThat(head).containsExactly(0x89, 'P', 'N', 'G');
        }
    }

    @Test
    void badConfigsAndNamesAreOneLineErrors() throws Exception {
        Path typo = config("model:\n  embeding_dim: 8\n");
        CliRun r = CliRun.of("train", "--data", data.toString(), "--model", "eta", "--config", typo.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("unknown key 'model.embeding_dim'", "embedding_dim");
        CliRun unknown = CliRun.of("compare", "--data", data.toString(), "--models", "eta,twin-v9");
        assertThat(unknown.err()).contains("unknown model 'twin-v9'");
        CliRun badValue = CliRun.of("train", "--data", data.toString(), "--model", "eta", "--config",
                config("train: {epochs: 0}\n").toString());
        assertThat(badValue.err()).contains("epochs");
        CliRun badCross = CliRun.of("train", "--data", data.toString(), "--model", "twin", "--config",
                config("model: {twin_cross_features: [gap, rating]}\n").toString());
        assertThat(badCross.code()).isEqualTo(1);
        assertThat(badCross.err()).contains("twin_cross_features", "unknown cross feature 'rating'",
                "behaviour, value, gap");
    }
}
