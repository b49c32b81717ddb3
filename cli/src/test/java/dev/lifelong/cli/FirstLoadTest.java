package dev.lifelong.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store is loaded on the first start, and again after a first load that did not finish. */
class FirstLoadTest {

    @TempDir
    Path data;

    @Test
    void aStoreNeverLoadedOrLoadedHalfwayIsLoadedAndAFinishedOneIsNot() throws Exception {
        FirstLoad load = FirstLoad.of(data);
        assertThat(load.needed()).as("no store yet").isTrue();
        assertThat(load.interrupted()).isFalse();

        assertThatThrownBy(() -> load.run(() -> {
            Files.createDirectories(data.resolve("store"));   // the store opened, then the load failed
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(load.needed()).as("a store folder whose load failed").isTrue();
        assertThat(load.interrupted()).isTrue();

        load.run(() -> Files.writeString(data.resolve("store").resolve("data"), "loaded"));
        assertThat(load.needed()).as("a finished load").isFalse();
        assertThat(load.interrupted()).isFalse();
        assertThat(data.resolve("store.loading")).doesNotExist();
    }

    /** A store folder from before the marker existed is taken as loaded, as it was, so its events are kept. */
    @Test
    void aStoreFolderWithoutAMarkerIsTakenAsLoaded() throws Exception {
        Files.createDirectories(data.resolve("store"));
        assertThat(FirstLoad.of(data).needed()).isFalse();
    }
}
