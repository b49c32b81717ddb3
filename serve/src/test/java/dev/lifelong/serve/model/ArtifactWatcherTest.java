package dev.lifelong.serve.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.progress.ProgressListener;
import dev.lifelong.data.split.SplitSpec;
import dev.lifelong.data.synth.SyntheticConfig;
import dev.lifelong.data.synth.SyntheticGenerator;
import dev.lifelong.models.frame.ModelConfig;
import dev.lifelong.train.loop.TrainConfig;
import dev.lifelong.train.run.RunConfig;
import dev.lifelong.train.run.TrainRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A watched folder: a new artifact is loaded and swapped in, a corrupt one is refused and the old one stays. */
class ArtifactWatcherTest {

    @TempDir
    Path dir;

    private Path train(Dataset data, long seed, Path to) throws Exception {
        RunConfig c = new RunConfig(new ModelConfig(8, 60, 10, 2, new int[] {16}, 32, 12, seed),
                new TrainConfig(1, 64, 16, 1, 0.05f, 0.003f, 0f, 10f, 2, 42));
        TrainRun.Outcome o = TrainRun.run("eta", data, c, ProgressListener.NONE);
        TrainRun.save(to, o, data, c);
        return to;
    }

    private static void awaitVersion(ModelSlots slots, String notThis) throws InterruptedException {
        for (int i = 0; i < 200 && notThis.equals(slots.get("eta").version()); i++) {
            Thread.sleep(50);
        }
    }

    @Test
    void newArtifactsAreServedAndCorruptOnesRefused() throws Exception {
        new SyntheticGenerator(SyntheticConfig.DEFAULT.withSize(40, 200, 8, 40, 200)).generate(dir.resolve("data"),
                SplitSpec.TimeCut.fractions(0.1, 0.2), null, ProgressListener.NONE);
        Dataset data = Dataset.open(dir.resolve("data"));
        Path watched = Files.createDirectories(dir.resolve("models"));
        Path first = train(data, 1, watched.resolve("eta.llm"));
        Path second = train(data, 2, dir.resolve("eta-2.llm"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        java.util.concurrent.atomic.AtomicIntegerArray outcomes = new java.util.concurrent.atomic.AtomicIntegerArray(2);
        try {
            ModelSlots slots = new ModelSlots(ServingVocabulary.of(data), pool, 2, 1);
            slots.onReload(o -> outcomes.incrementAndGet(o.equals("loaded") ? 0 : 1));
            String v1 = slots.load(first).version();
            try (ArtifactWatcher w = new ArtifactWatcher(watched, slots, 100)) {
                w.alreadyLoaded(first);
                // Published as it should be: written beside, then renamed into the folder.
                Path tmp = watched.resolve("eta.llm.tmp");
                Files.copy(second, tmp);
                Files.move(tmp, watched.resolve("eta.llm"), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                awaitVersion(slots, v1);
                String v2 = slots.get("eta").version();
                assertThat(v2).isNotEqualTo(v1);

                byte[] bytes = Files.readAllBytes(second);
                bytes[bytes.length / 2] ^= 0x40;
                Files.write(watched.resolve("broken.llm"), bytes);
                for (int i = 0; i < 100 && outcomes.get(1) == 0; i++) {
                    Thread.sleep(50);
                }
                assertThat(outcomes.get(1)).as("rejected loads").isEqualTo(1);
                assertThat(slots.get("eta").version()).isEqualTo(v2);
            }
            assertThat(outcomes.get(0)).as("loaded").isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }
}
