package dev.lifelong.data.format;

import java.nio.file.Path;

/** Written by a newer lifelong than this one. */
public final class FormatTooNewException extends DataFormatException {

    private static final long serialVersionUID = 1L;

    public FormatTooNewException(Path file, String format, int version, int newestSupported) {
        super(file, format + " version " + version + " is too new: this lifelong reads versions up to "
                + newestSupported + "; upgrade lifelong");
    }
}
