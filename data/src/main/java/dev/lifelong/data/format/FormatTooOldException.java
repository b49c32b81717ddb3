package dev.lifelong.data.format;

import java.nio.file.Path;

/** Written by an older lifelong in a format version this one no longer reads. */
public final class FormatTooOldException extends DataFormatException {

    private static final long serialVersionUID = 1L;

    public FormatTooOldException(Path file, String format, int version, int oldestSupported) {
        super(file, format + " version " + version + " is too old: this lifelong reads versions "
                + oldestSupported + " and newer; prepare the data again");
    }
}
