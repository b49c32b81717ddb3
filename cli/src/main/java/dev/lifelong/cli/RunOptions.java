package dev.lifelong.cli;

import dev.lifelong.models.frame.ModelConfig;
import dev.lifelong.train.loop.TrainConfig;
import dev.lifelong.train.run.RunConfig;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Options shared by {@code train}, {@code compare} and {@code bench train}: a config file and the overrides people
 * reach for most. The epoch count is {@link Epochs}, apart, since {@code bench train} counts epochs its own way.
 */
final class RunOptions {

    @Option(names = "--config", description = "YAML with model: and train: sections (unknown keys are rejected)")
    Path config;

    @Option(names = "--threads", description = "worker threads (default: all cores)")
    Integer threads;

    @Option(names = "--seed", description = "override model.seed")
    Long seed;

    @Option(names = "--long-len", description = "override model.long_len")
    Integer longLen;

    RunConfig resolve() throws IOException {
        RunConfig c = config == null ? RunConfig.DEFAULT : RunConfig.load(config);
        ModelConfig m = c.model();
        TrainConfig t = c.train();
        if (seed != null) {
            m = m.withSeed(seed);
        }
        if (longLen != null) {
            m = m.withLengths(longLen, Math.min(m.shortLen(), longLen));
        }
        if (threads != null) {
            t = t.withThreads(threads);
        }
        return new RunConfig(m, t);
    }

    /** {@code --epochs}, for the commands that train to a result. */
    static final class Epochs {

        @Option(names = "--epochs", description = "override train.epochs")
        Integer epochs;

        RunConfig apply(RunConfig c) {
            return epochs == null ? c : new RunConfig(c.model(), c.train().withEpochs(epochs));
        }
    }
}
