package dev.lifelong.data.format;

import java.nio.file.Path;

/** Wrong magic, truncated, or a checksum mismatch: the bytes are not what was written. */
public final class CorruptFileException extends DataFormatException {

    private static final long serialVersionUID = 1L;

    public CorruptFileException(Path file, String message) {
        super(file, "corrupt: " + message);
    }
}
