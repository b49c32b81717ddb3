package dev.lifelong.store.rocksdb;

import dev.lifelong.store.BehaviourStore;
import dev.lifelong.store.Behaviours;
import dev.lifelong.store.BulkLoader;
import dev.lifelong.store.LoadMode;

/**
 * Writes each user's history as it is added, in one write batch without the write-ahead log, and flushes the
 * memtables on close: the data is durable once the loader is closed. Writing per user (rather than batching
 * users) keeps the per-user lock held across the read of the newest chunk and the write, as online appends do.
 */
final class RocksDbBulkLoader implements BulkLoader {

    private final RocksDbBehaviourStore store;
    private final LoadMode mode;
    private long users;
    private long behaviours;
    private long bytes;
    private boolean closed;

    RocksDbBulkLoader(RocksDbBehaviourStore store, LoadMode mode) {
        this.store = store;
        this.mode = mode;
    }

    @Override
    public void add(String user, Behaviours history) {
        BehaviourStore.requireUser(user);
        if (closed) {
            throw new IllegalStateException("bulk loader of " + store.describe() + " is closed");
        }
        if (history.isEmpty() && mode == LoadMode.APPEND) {
            return;
        }
        bytes += store.bulkWrite(user, history.sortedByTime(), mode);
        users++;
        behaviours += history.size();
    }

    @Override
    public long users() {
        return users;
    }

    @Override
    public long behaviours() {
        return behaviours;
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            store.flush();
        }
    }
}
