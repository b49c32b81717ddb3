package dev.lifelong.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench train on a small dataset: the models in turn, warm-up epochs apart, a row per model; bad input refused. */
class BenchTrainCommandTest {

    @TempDir
    Path tmp;

    @Test
    void timesEveryModelAfterItsWarmUpEpochs() throws Exception {
        Path data = TinyModels.dataset(tmp.resolve("syn"), 30, 200, 6);
        Path cfg = tmp.resolve("small.yaml");
        Files.writeString(cfg, "model:\n  embedding_dim: 4\n  long_len: 60\n  short_len: 8\n  heads: 2\n"
                + "  mlp_hidden: [16]\n  top_k: 10\n  hash_bits: 32\ntrain:\n  batch_size: 32\n");
        Path out = tmp.resolve("bench");
        CliRun bench = CliRun.of("bench", "train", "--data", data.toString(), "--model", "eta,twin", "--config",
                cfg.toString(), "--warmup-epochs", "1", "--timed-epochs", "3", "--threads", "2", "--out",
                out.toString());
        assertThat(bench.code()).as(bench.out() + bench.err()).isZero();
        // Epochs in turn: eta 1, twin 1, eta 2, ... and the first of each marked as not counted.
        assertThat(bench.out()).containsSubsequence("eta              epoch 1 (warm-up)", "twin             epoch 1 "
                + "(warm-up)", "eta              epoch 2  ", "twin             epoch 2  ", "eta              epoch 4  ",
                "twin             epoch 4  ");
        String table = Files.readString(out.resolve("results.md"));
        // | `model` | L | batch | timed epochs | median samples/s | slowest - fastest | shards | sum | step |
        Pattern row = Pattern.compile("(?m)^\\| `(eta|twin)` \\| 60 \\| 32 \\| 3 \\| ([\\d,]+) \\| ([\\d,]+) - "
                + "([\\d,]+) \\| ([\\d,]+) \\| ([\\d,]+) \\| ([\\d,]+) \\|$");
        Matcher m = row.matcher(table);
        int rows = 0;
        while (m.find()) {
            rows++;
            double median = number(m.group(2));
            assertThat(median).isPositive().isBetween(number(m.group(3)), number(m.group(4)));
            assertThat(number(m.group(5))).as("shards' time").isPositive();
        }
        assertThat(rows).as(table).isEqualTo(2);
        assertThat(table).contains("1 warm-up epochs not counted").contains("2 worker threads")
                .as("the JVM's heap options, which tails and throughput depend on")
                .containsPattern("cores, Java [^,]+, kernels [a-z0-9-]+, hamming [a-z-]+, "
                        + "(default heap|options -X[^,]*), "
                        + "\\d{4}-\\d{2}-\\d{2}\\.");

        CliRun none = CliRun.of("bench", "train", "--data", data.toString(), "--model", "eta", "--timed-epochs", "0",
                "--out", tmp.resolve("none").toString());
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).contains("--timed-epochs must be at least 1");
        CliRun unknown = CliRun.of("bench", "train", "--data", data.toString(), "--model", "eta,etaa", "--out",
                tmp.resolve("none").toString());
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown model 'etaa'").contains("known models:");
        CliRun epochs = CliRun.of("bench", "train", "--data", data.toString(), "--model", "eta", "--epochs", "3",
                "--out", tmp.resolve("none").toString());
        assertThat(epochs.code()).as("bench train counts epochs its own way").isEqualTo(2);
        assertThat(epochs.err()).contains("Unknown options: '--epochs'");
    }

    private static double number(String s) {
        return Double.parseDouble(s.replace(",", ""));
    }
}
