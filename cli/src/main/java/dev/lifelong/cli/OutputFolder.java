package dev.lifelong.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The {@code --out} convention: created when missing, never silently overwritten without {@code --force}. */
final class OutputFolder {

    private OutputFolder() {
    }

    static Path prepare(Path out, boolean force) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException(out + " exists and is not a folder");
        }
        if (Files.isDirectory(out)) {
            try (Stream<Path> s = Files.list(out)) {
                if (s.findAny().isPresent() && !force) {
                    throw new IllegalArgumentException(out + " exists and is not empty; pass --force to overwrite it");
                }
            }
        }
        Files.createDirectories(out);
        return out;
    }
}
