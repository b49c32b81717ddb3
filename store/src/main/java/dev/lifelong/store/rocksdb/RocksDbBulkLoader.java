package dev.lifelong.store.rocksdb;

import dev.lifelong.store.Behaviours;
import dev.lifelong.store.CountingBulkLoader;
import dev.lifelong.store.LoadMode;

/**
 * Writes each user's history as it is added, in one write batch without the write-ahead log, and flushes the
 * memtables on close: the data is durable once the loader is closed. Writing per user (rather than batching
 * users) keeps the per-user lock held across the read of the newest chunk and the write, as online appends do.
 */
final class RocksDbBulkLoader extends CountingBulkLoader {

    private final RocksDbBehaviourStore store;

    RocksDbBulkLoader(RocksDbBehaviourStore store, LoadMode mode) {
        super(store.describe(), mode);
        this.store = store;
    }

    @Override
    protected long write(String user, Behaviours sorted) {
        return store.bulkWrite(user, sorted, mode());
    }

    @Override
    protected void finish() {
        store.flush();
    }
}
