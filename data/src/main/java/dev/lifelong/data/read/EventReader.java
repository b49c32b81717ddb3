package dev.lifelong.data.read;

import dev.lifelong.data.progress.ProgressListener;
import dev.lifelong.data.validate.RejectionLog;
import java.io.IOException;

/**
 * Streams one source's events to a sink, in file order, reporting every row to the rejection log as accepted or
 * rejected. Never holds the file in memory.
 */
public interface EventReader {

    /** Names the format and the files, for logs and dataset metadata. */
    String describe();

    void read(EventSink sink, RejectionLog log, ProgressListener progress) throws IOException;
}
