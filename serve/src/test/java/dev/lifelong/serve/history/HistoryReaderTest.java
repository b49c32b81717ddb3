package dev.lifelong.serve.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifelong.store.BehaviourStore;
import dev.lifelong.store.Behaviours;
import dev.lifelong.store.BulkLoader;
import dev.lifelong.store.LoadMode;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Reads within a budget: a hung store and a full read queue both degrade at once instead of failing. */
class HistoryReaderTest {

    /** A store whose reads block until released: an outage as the server sees it. */
    private static final class HungStore implements BehaviourStore {
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String describe() {
            return "hung";
        }

        @Override
        public void read(String user, int maxLen, Behaviours into) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            into.clear().add("i1", "c1", null, Float.NaN, 10);
        }

        @Override
        public void append(String user, Behaviours events) {
        }

        @Override
        public BulkLoader bulkLoader(LoadMode mode) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aHungStoreTimesOutAndAFullQueueDegradesAtOnce() {
        HungStore store = new HungStore();
        ThreadPoolExecutor io = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1));
        try {
            RecentBehaviours recent = new RecentBehaviours(10, 5);
            recent.remember("kept", new Behaviours().add("i9", null, null, Float.NaN, 5));
            HistoryReader reader = new HistoryReader(store, io, recent);
            HistoryReader.Outcome first = reader.read("kept", 100, 20);      // occupies the only thread
            HistoryReader.Outcome second = reader.read("other", 100, 20);    // waits in the queue, times out
            HistoryReader.Outcome third = reader.read("other", 100, 5_000);  // the queue is full: refused
            assertThat(first.degradedReason()).isEqualTo("store_timeout");
            assertThat(first.source()).isEqualTo(SequenceSource.FALLBACK_SHORT);
            assertThat(first.raw().item(0)).isEqualTo("i9");
            assertThat(second.degradedReason()).isEqualTo("store_timeout");
            assertThat(second.source()).isEqualTo(SequenceSource.EMPTY);
            // Refused at submission, not after waiting out its 5 s budget (that would read store_timeout).
            assertThat(third.degradedReason()).isEqualTo("store_overloaded");
        } finally {
            store.release.countDown();
            io.shutdown();
        }
    }
}
