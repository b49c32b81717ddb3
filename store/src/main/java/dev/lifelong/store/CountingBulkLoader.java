package dev.lifelong.store;

/**
 * What every {@link BulkLoader} does alike: check the user and the loader's state, skip empty appends, sort the
 * history by time, count users, behaviours and bytes, and close once. A store supplies the write and the finish.
 */
public abstract class CountingBulkLoader implements BulkLoader {

    private final String store;
    private final LoadMode mode;
    private long users;
    private long behaviours;
    private long bytes;
    private boolean closed;

    protected CountingBulkLoader(String store, LoadMode mode) {
        this.store = store;
        this.mode = mode;
    }

    protected LoadMode mode() {
        return mode;
    }

    /** Writes (or queues) one user's time-sorted history; returns the bytes it stores. */
    protected abstract long write(String user, Behaviours sorted);

    /** Makes everything written durable and reports the first failure among queued writes. */
    protected abstract void finish();

    @Override
    public final void add(String user, Behaviours history) {
        BehaviourStore.requireUser(user);
        if (closed) {
            throw new IllegalStateException("bulk loader of " + store + " is closed");
        }
        if (history.isEmpty() && mode == LoadMode.APPEND) {
            return;
        }
        Behaviours sorted = history.sortedByTime();
        bytes += write(user, sorted);
        users++;
        behaviours += sorted.size();
    }

    @Override
    public final long users() {
        return users;
    }

    @Override
    public final long behaviours() {
        return behaviours;
    }

    @Override
    public final long bytes() {
        return bytes;
    }

    @Override
    public final void close() {
        if (!closed) {
            closed = true;
            finish();
        }
    }
}
