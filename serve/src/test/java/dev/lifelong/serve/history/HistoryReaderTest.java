package dev.lifelong.serve.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifelong.data.vocab.Vocabulary;
import dev.lifelong.serve.model.ServingVocabulary;
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

    /** Items i1 and i9 (ids 1 and 2), categories c1 and c9; i9's usual category is c9. */
    private static final ServingVocabulary VOCAB = ServingVocabulary.of(
            Vocabulary.of("item", new String[] {null, "i1", "i9"}, new long[3]),
            Vocabulary.of("category", new String[] {null, "c1", "c9"}, new long[3]),
            Vocabulary.of("behaviour", new String[] {null, "pv"}, new long[2]),
            new int[] {0, 1, 2});

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
            HistoryReader.Outcome first = reader.read("kept", 100, 20, VOCAB);      // occupies the only thread
            HistoryReader.Outcome second = reader.read("other", 100, 20, VOCAB);    // waits in the queue, times out
            HistoryReader.Outcome third = reader.read("other", 100, 5_000, VOCAB);  // the queue is full: refused
            assertThat(first.degradedReason()).isEqualTo("store_timeout");
            assertThat(first.source()).isEqualTo(SequenceSource.FALLBACK_SHORT);
            assertThat(first.raw().item(0)).isEqualTo("i9");
            assertThat(first.history().length()).isEqualTo(1);
            assertThat(first.history().item(0)).isEqualTo(2);
            assertThat(first.history().categories()[0]).isEqualTo(2);    // its usual one: the fallback has none
            assertThat(second.history().length()).isZero();
            assertThat(second.degradedReason()).isEqualTo("store_timeout");
            assertThat(second.source()).isEqualTo(SequenceSource.EMPTY);
            // Refused at submission, not after waiting out its 5 s budget (that would read store_timeout).
            assertThat(third.degradedReason()).isEqualTo("store_overloaded");
            store.release.countDown();
            // Once the store answers, a read maps its behaviours; a history lent out and handed back is reused
            // clean.
            reader.release(first);
            reader.release(second);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (io.getCompletedTaskCount() < 2 && System.nanoTime() < until) {     // the queue has room again
                Thread.onSpinWait();
            }
            HistoryReader.Outcome fourth = reader.read("other", 100, 5_000, VOCAB);
            assertThat(fourth.degraded()).isFalse();
            assertThat(fourth.source()).isEqualTo(SequenceSource.STORE);
            assertThat(fourth.history().length()).isEqualTo(1);
            assertThat(fourth.history().item(0)).isEqualTo(1);
            assertThat(fourth.history().categories()[0]).isEqualTo(1);
        } finally {
            store.release.countDown();
            io.shutdown();
        }
    }
}
