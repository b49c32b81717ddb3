package dev.lifelong.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded store's load on {@code serve}'s first start. The store's folder exists as soon as the store is
 * opened, and a bulk load skips the write-ahead log until it finishes, so a load interrupted (Ctrl-C, a full disk)
 * leaves a folder that looks loaded and serves users with part of their history, or none, as if whole. A marker
 * beside it, made before the load and removed after, tells the next start to load again.
 */
final class FirstLoad {

    /** A load that may throw what a store load throws. */
    interface Load {
        void run() throws IOException;
    }

    private final Path storeDir;
    private final Path marker;

    private FirstLoad(Path storeDir, Path marker) {
        this.storeDir = storeDir;
        this.marker = marker;
    }

    /** The load of {@code data}'s embedded store ({@code data/store}). */
    static FirstLoad of(Path data) {
        return new FirstLoad(data.resolve("store"), data.resolve("store.loading"));
    }

    /** True when the store was never loaded, or its load did not finish. */
    boolean needed() {
        return !Files.exists(storeDir) || interrupted();
    }

    /** True when an earlier load started and did not finish. */
    boolean interrupted() {
        return Files.exists(marker);
    }

    /** Runs the load between the marker's making and its removal; a load that throws leaves the marker. */
    void run(Load load) throws IOException {
        Files.createDirectories(marker.getParent());
        Files.writeString(marker, "a load of the store beside this file started and has not finished\n");
        load.run();
        Files.delete(marker);
    }
}
