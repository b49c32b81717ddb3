package dev.lifelong.serve.http;

import dev.lifelong.store.BehaviourStore;
import dev.lifelong.store.Behaviours;
import dev.lifelong.store.BulkLoader;
import dev.lifelong.store.LoadMode;
import dev.lifelong.store.StoreException;

/**
 * A real store whose reads can be made to fail or hang, as a store outage does: the degradation tests need the
 * failure, not a mock of the store's behaviour (the store itself is real RocksDB).
 */
final class FlakyStore implements BehaviourStore {

    enum Mode { OK, FAIL, HANG }

    private final BehaviourStore inner;
    volatile Mode mode = Mode.OK;

    FlakyStore(BehaviourStore inner) {
        this.inner = inner;
    }

    @Override
    public String describe() {
        return "flaky(" + inner.describe() + ")";
    }

    @Override
    public void read(String user, int maxLen, Behaviours into) {
        switch (mode) {
            case FAIL -> throw new StoreException(describe() + ": connection refused (simulated outage)");
            case HANG -> {
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            default -> { }
        }
        inner.read(user, maxLen, into);
    }

    @Override
    public void append(String user, Behaviours events) {
        inner.append(user, events);
    }

    @Override
    public BulkLoader bulkLoader(LoadMode mode) {
        return inner.bulkLoader(mode);
    }

    @Override
    public void close() {
        inner.close();
    }
}
