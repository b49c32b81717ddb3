package dev.lifelong.serve.model;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a folder for model artifacts ({@code *.llm}) and loads each new or changed one into the slots. Polls
 * rather than using a WatchService: polling sees files on network mounts too, and a file is only taken once its
 * size and modification time have held still for one poll, so a half-copied artifact is never loaded (it would
 * be refused by its checksum anyway, but that would count as a rejected reload). Publish artifacts by writing
 * a temporary name and renaming.
 */
public final class ArtifactWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ArtifactWatcher.class);

    private final Path dir;
    private final ModelSlots slots;
    private final Map<Path, String> loaded = new HashMap<>();
    private final Map<Path, String> pending = new HashMap<>();
    private final ScheduledExecutorService timer;

    public ArtifactWatcher(Path dir, ModelSlots slots, long periodMillis) {
        this.dir = dir;
        this.slots = slots;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lifelong-artifact-watcher");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::poll, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Marks an artifact already loaded at start-up, so the first poll does not load it again. */
    public synchronized void alreadyLoaded(Path artifact) throws IOException {
        loaded.put(artifact.toAbsolutePath(), stamp(artifact));
    }

    synchronized void poll() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.llm")) {
            for (Path f : files) {
                Path key = f.toAbsolutePath();
                String s = stamp(f);
                if (s.equals(loaded.get(key))) {
                    continue;
                }
                if (!s.equals(pending.put(key, s))) {
                    continue;     // changed since the last poll: wait until it holds still
                }
                pending.remove(key);
                loaded.put(key, s);
                try {
                    slots.load(f);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("not serving {}: {}", f, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", dir, e.getMessage());
        }
    }

    private static String stamp(Path f) throws IOException {
        FileTime t = Files.getLastModifiedTime(f);
        return Files.size(f) + "@" + t.toMillis();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
