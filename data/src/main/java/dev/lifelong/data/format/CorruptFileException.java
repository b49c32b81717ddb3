package dev.lifelong.data.format;

import java.nio.file.Path;

/** Wrong magic, truncated, or a checksum mismatch: the bytes are not what was written. */
public final class CorruptFileException extends DataFormatException {

    public CorruptFileException(Path file, String message) {
        super(file, "corrupt: " + message);
    }
}
