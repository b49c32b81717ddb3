package dev.lifelong.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small synthetic dataset and models trained on it through the command line, as the serving tests need. */
final class TinyModels {

    private TinyModels() {
    }

    /** {@code generate}s {@code users} users over 200-300 items in 8 categories into {@code dir}. */
    static Path dataset(Path dir, int users, int items, int impressions) {
        assertThat(CliRun.of("generate", "--out", dir.toString(), "--users", Integer.toString(users), "--items",
                Integer.toString(items), "--categories", "8", "--mean-history", "40", "--max-history", "200",
                "--impressions", Integer.toString(impressions)).code()).isZero();
        return dir;
    }

    /** {@code train}s {@code model} (4 dimensions, 2 heads, one epoch) on {@code data} into {@code out}. */
    static Path train(Path data, String model, int longLen, Path out) throws IOException {
        Path cfg = out.resolveSibling(out.getFileName() + ".yaml");
        Files.writeString(cfg, "model:\n  embedding_dim: 4\n  long_len: " + longLen + "\n  short_len: 8\n  heads: 2\n"
                + "  mlp_hidden: [16]\n  top_k: 10\n  hash_bits: 32\ntrain:\n  epochs: 1\n  batch_size: 64\n");
        CliRun train = CliRun.of("train", "--data", data.toString(), "--model", model, "--config", cfg.toString(),
                "--out", out.toString());
        assertThat(train.code()).as(train.err()).isZero();
        return out;
    }
}
