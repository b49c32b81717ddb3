package dev.lifelong.data.progress;

/**
 * Hears how long work advances, so the command line can draw a bar on a terminal or print periodic lines in a
 * log. The data layer reports; it never draws.
 */
public interface ProgressListener {

    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() {
        @Override
        public void start(String task, long total, String unit) {
        }

        @Override
        public void advanceTo(long done) {
        }

        @Override
        public void finish() {
        }
    };

    /** A new task of {@code total} units ({@code -1} when unknown). */
    void start(String task, long total, String unit);

    /** Absolute progress of the current task. */
    void advanceTo(long done);

    void finish();

    /** A short status to show beside the progress (a running loss, say). */
    default void status(String message) {
    }
}
