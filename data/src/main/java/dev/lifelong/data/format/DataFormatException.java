package dev.lifelong.data.format;

import java.io.IOException;
import java.nio.file.Path;

/** A lifelong data file that cannot be read as what it claims to be; the message names the file. */
public class DataFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final Path file;

    public DataFormatException(Path file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
