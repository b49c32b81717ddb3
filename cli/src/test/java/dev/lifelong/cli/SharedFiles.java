package dev.lifelong.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of {@code ../shared/data}, found beside the repository (where CI lays it) from any working folder. */
final class SharedFiles {

    private SharedFiles() {
    }

    static Path taobao() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path p = dir.resolveSibling("shared").resolve("data/taobao-userbehavior-sample/UserBehavior-head.csv");
            if (Files.exists(p)) {
                return p;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("shared data not found beside the repository");
    }
}
