package dev.lifelong.data;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds {@code ../shared/data} (beside the repository) from wherever the tests run. */
public final class SharedData {

    private SharedData() {
    }

    public static Path path(String name) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolveSibling("shared").resolve("data").resolve(name);
            if (Files.exists(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("shared/data/" + name + " not found beside the repository");
    }
}
