package dev.lifelong.store;

/**
 * Loads whole histories of many users, one {@link #add} per user, and counts what it wrote. Not thread-safe: one
 * loader per loading thread. Writes may be buffered; {@link #close()} waits for them, and reports the first
 * failure among them if {@link #add} could not.
 */
public interface BulkLoader extends AutoCloseable {

    /** Adds a user's behaviours, in any order (sorted by time, stably, before writing). */
    void add(String user, Behaviours history);

    /** Users added so far. */
    long users();

    /** Behaviours added so far. */
    long behaviours();

    /** Bytes written to the store so far: keys and encoded values, before any backend compression. */
    long bytes();

    @Override
    void close();
}
