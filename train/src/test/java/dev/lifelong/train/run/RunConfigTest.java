package dev.lifelong.train.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A config file's mistakes are named with the file, the line and the key; what is right is read over the defaults. */
class RunConfigTest {

    @TempDir
    Path dir;

    private Path yaml(String text) throws Exception {
        Path f = dir.resolve("run.yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void keysGivenOverrideTheDefaultsAndTheRestStay() throws Exception {
        RunConfig c = RunConfig.load(yaml("model:\n  heads: 2\n  mlp_hidden: [32, 16]\ntrain:\n  epochs: 5\n"));
        assertThat(c.model().heads()).isEqualTo(2);
        assertThat(c.model().mlpHidden()).containsExactly(32, 16);
        assertThat(c.model().longLen()).isEqualTo(RunConfig.DEFAULT.model().longLen());
        assertThat(c.train().epochs()).isEqualTo(5);
        assertThat(c.train().batchSize()).isEqualTo(RunConfig.DEFAULT.train().batchSize());
    }

    @Test
    void anUnknownKeyOrSectionIsNamedWithItsLine() throws Exception {
        Path f = yaml("model:\n  heads: 2\n  embeding_dim: 8\ntrain:\n  epochs: 1\n");
        assertThatThrownBy(() -> RunConfig.load(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(f + ":3: unknown key 'model.embeding_dim'; known: ")
                .hasMessageContaining("embedding_dim");
        Path g = yaml("model:\n  heads: 2\ntrian:\n  epochs: 1\n");
        assertThatThrownBy(() -> RunConfig.load(g)).hasMessage(g + ":3: unknown section 'trian' (expected model, "
                + "train)");
    }

    @Test
    void aKeyGivenTwiceOrBrokenYamlIsNamedWithItsLine() throws Exception {
        Path f = yaml("model:\n  heads: 2\n  long_len: 200\n  heads: 8\n");
        assertThatThrownBy(() -> RunConfig.load(f)).hasMessageStartingWith(f + ":4: ")
                .hasMessageContaining("Duplicate field 'heads'");
        Path g = yaml("model:\n  heads: [2\n");
        assertThatThrownBy(() -> RunConfig.load(g)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(g + ":");
    }

    @Test
    void aValueOfTheWrongTypeIsNamedWithItsKeyAndLine() throws Exception {
        Path f = yaml("# a comment\ntrain:\n  epochs: 1\n  batch_size: lots\n");
        assertThatThrownBy(() -> RunConfig.load(f)).hasMessageStartingWith(f + ":4: key 'train.batch_size': ").hasMessageContaining("lots");
    }

    @Test
    void aRuleBetweenValuesNamesItsSection() throws Exception {
        Path f = yaml("train:\n  epochs: 1\nmodel:\n  long_len: 10\n  short_len: 20\n");
        assertThatThrownBy(() -> RunConfig.load(f)).hasMessageStartingWith(f + ":3: section 'model': ")
                .hasMessageContaining("short_len <= long_len");
        Path o = yaml("train:\n  embedding_optimizer: sgd\n");
        assertThatThrownBy(() -> RunConfig.load(o)).hasMessageStartingWith(o + ":1: section 'train': ")
                .hasMessageContaining("embedding_optimizer must be one of [adagrad, adam], not 'sgd'");
        assertThat(RunConfig.load(yaml("train:\n  embedding_optimizer: adam\n  embedding_l2: 0.001\n")).train())
                .extracting(t -> t.embeddingOptimizer(), t -> t.embeddingL2()).containsExactly("adam", 0.001f);
        Path g = yaml("model:\n  mlp_hidden: [64, 0]\n");
        assertThatThrownBy(() -> RunConfig.load(g)).hasMessageContaining(
                "mlp_hidden: every layer needs at least 1 unit, not 0");
    }

    /** A report's config.yaml: written and read back, the same settings, whatever is not a default. */
    @Test
    void aWrittenConfigReadsBackTheSame() throws Exception {
        RunConfig c = RunConfig.load(yaml("model:\n  heads: 2\n  long_len: 300\n  mlp_hidden: [24, 12]\n"
                + "  twin_cross_features: [gap]\ntrain:\n  embedding_optimizer: adam\n  dense_lr: 0.004\n"
                + "  patience: 5\n"));
        Path written = dir.resolve("config.yaml");
        c.write(written, "made by a test");
        assertThat(Files.readString(written)).startsWith("# made by a test\nmodel:\n");
        RunConfig back = RunConfig.load(written);
        assertThat(back.model().toString()).isEqualTo(c.model().toString());
        assertThat(back.model().mlpHidden()).containsExactly(24, 12);
        assertThat(back.train()).isEqualTo(c.train());
    }
}
