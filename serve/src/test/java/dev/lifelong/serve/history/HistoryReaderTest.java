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

    /** The stores below are only read. */
    private abstract static class ReadOnlyStore implements BehaviourStore {
        @Override
        public void append(String user, Behaviours events) {
            throw new UnsupportedOperationException();
        }

        @Override
        public BulkLoader bulkLoader(LoadMode mode) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    /** A store whose reads block until released: an outage as the server sees it. */
    private static final class HungStore extends ReadOnlyStore {
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
    }

    /** Every user's history is the same chunks, decoded as the chunked stores decode theirs. */
    private static final class ChunkedStore extends ReadOnlyStore {
        final java.util.List<byte[]> chunks;

        ChunkedStore(java.util.List<byte[]> chunks) {
            this.chunks = chunks;
        }

        @Override
        public String describe() {
            return "chunks";
        }

        @Override
        public void read(String user, int maxLen, Behaviours into) {
            read(user, maxLen, into, null);
        }

        @Override
        public void read(String user, int maxLen, Behaviours into, java.util.concurrent.Executor helper) {
            into.clear();
            dev.lifelong.store.codec.ChunkCodec.decodeAll(chunks, 0, into, helper);
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

    /** A store answering at once, local or not, counting its reads and the threads they ran on. */
    private static final class CountingStore extends ReadOnlyStore {
        final boolean local;
        final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        /** Reads wait for it once they have begun (counted down: no wait). */
        final CountDownLatch gate = new CountDownLatch(0);
        volatile CountDownLatch hold = gate;
        final CountDownLatch entered = new CountDownLatch(1);
        volatile Thread lastReader;

        CountingStore(boolean local) {
            this.local = local;
        }

        @Override
        public boolean local() {
            return local;
        }

        @Override
        public String describe() {
            return local ? "local" : "remote";
        }

        @Override
        public void read(String user, int maxLen, Behaviours into) {
            reads.incrementAndGet();
            lastReader = Thread.currentThread();
            entered.countDown();
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            into.clear().add("i9", "c9", "pv", Float.NaN, 10);
        }
    }

    /**
     * An I/O thread that has not started a read when the request waits for it (a stalled vCPU, here a thread
     * busy elsewhere): a local store's read is then run on the request thread, at once and only once; a remote
     * store's still waits on the I/O thread and falls back at the deadline.
     */
    @Test
    void aReadNoIoThreadHasStartedIsRunByTheRequestThreadOnlyForALocalStore() throws Exception {
        for (boolean local : new boolean[] {true, false}) {
            CountingStore store = new CountingStore(local);
            ThreadPoolExecutor io = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(4));
            CountDownLatch busy = new CountDownLatch(1);
            io.execute(() -> {
                try {
                    busy.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                HistoryReader reader = new HistoryReader(store, io, new RecentBehaviours(10, 5));
                HistoryReader.Outcome o = reader.read("u", 100, 200, VOCAB);
                if (local) {
                    assertThat(o.degraded()).isFalse();
                    assertThat(o.source()).isEqualTo(SequenceSource.STORE);
                    assertThat(o.history().item(0)).isEqualTo(2);
                    assertThat(o.history().behaviour(0)).isEqualTo(1);
                    assertThat(store.lastReader).isSameAs(Thread.currentThread());
                } else {
                    assertThat(o.degradedReason()).isEqualTo("store_timeout");
                    assertThat(store.reads.get()).isZero();
                }
                reader.release(o);
                busy.countDown();
                io.shutdown();
                assertThat(io.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
                // The queued task, run late, reads only if nobody has: the local read is not repeated, the remote
                // one happens there, after its request gave up on it.
                assertThat(store.reads.get()).isEqualTo(1);
                if (local) {
                    assertThat(store.lastReader).isSameAs(Thread.currentThread());
                } else {
                    assertThat(store.lastReader).isNotSameAs(Thread.currentThread());
                }
            } finally {
                busy.countDown();
                io.shutdownNow();
            }
        }
    }

    /**
     * A local store that is slow under load: a read queued behind one still running on the I/O thread is not
     * taken over by its request, which falls back at its deadline as for any store.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 30, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aLocalReadQueuedBehindARunningOneStillFallsBackAtTheDeadline() throws Exception {
        CountingStore store = new CountingStore(true);
        CountDownLatch slow = new CountDownLatch(1);
        store.hold = slow;
        ThreadPoolExecutor io = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(4));
        try {
            HistoryReader reader = new HistoryReader(store, io, new RecentBehaviours(10, 5));
            HistoryReader.Pending first = reader.begin("a", 100, 100, VOCAB);
            assertThat(store.entered.await(10, TimeUnit.SECONDS)).isTrue();     // running on the I/O thread
            HistoryReader.Outcome second = reader.read("b", 100, 100, VOCAB);
            assertThat(second.degradedReason()).isEqualTo("store_timeout");
            assertThat(store.lastReader).isNotSameAs(Thread.currentThread());
            assertThat(first.outcome().degradedReason()).isEqualTo("store_timeout");
        } finally {
            slow.countDown();
            io.shutdown();
        }
    }

    /**
     * A long history is read and mapped in two halves at once (the second offered to another I/O thread): the
     * same ids as mapping it row by row, numeric and text ids, unknown items and absent fields included.
     */
    @Test
    void aLongHistoryMappedInHalvesAtOnceIsMappedRowByRow() {
        int known = 3000;
        String[] items = new String[known + 1];
        long[] counts = new long[known + 1];
        int[] itemCategory = new int[known + 1];
        for (int i = 1; i <= known; i++) {
            // Numeric ids, ASCII text ids and others ("\u00e9" is two bytes in UTF-8, "\u4e2d" three).
            items[i] = i % 2 == 0 ? Integer.toString(i) : i % 3 == 0 ? "t" + i : i % 5 == 0 ? "\u00e9" + i
                    : i % 7 == 0 ? "\u4e2d" + i : "t" + i;
            itemCategory[i] = 1 + i % 2;
        }
        ServingVocabulary vocab = ServingVocabulary.of(Vocabulary.of("item", items, counts),
                Vocabulary.of("category", new String[] {null, "c1", "c9"}, new long[3]),
                Vocabulary.of("behaviour", new String[] {null, "pv", "buy"}, new long[3]), itemCategory);
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        Behaviours h = new Behaviours();
        for (int i = 0; i < 2 * dev.lifelong.store.codec.ChunkCodec.PARALLEL_ROWS + 999; i++) {
            int item = 1 + r.nextInt(known + 500);                      // one in seven unknown
            h.add(item % 2 == 0 ? Integer.toString(item) : item % 3 == 0 ? "t" + item : item % 5 == 0
                    ? "\u00e9" + item : item % 7 == 0 ? "\u4e2d" + item : "t" + item,
                    r.nextInt(4) == 0 ? null : "c" + (1 + r.nextInt(9)), r.nextBoolean() ? "pv" : r.nextBoolean() ? null : "cart", r.nextInt(5), 1_000 + i / 3);
        }
        java.util.List<byte[]> chunks = new java.util.ArrayList<>();
        for (int from = 0; from < h.size(); from += 1000) {
            chunks.add(dev.lifelong.store.codec.ChunkCodec.encode(h, from, Math.min(h.size(), from + 1000)));
        }
        BehaviourStore chunked = new ChunkedStore(chunks);
        java.util.concurrent.atomic.AtomicInteger handedOut = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        java.util.concurrent.ExecutorService io = new java.util.concurrent.AbstractExecutorService() {
            @Override
            public void execute(Runnable command) {
                handedOut.incrementAndGet();
                pool.execute(command);
            }

            @Override
            public void shutdown() {
                pool.shutdown();
            }

            @Override
            public java.util.List<Runnable> shutdownNow() {
                return pool.shutdownNow();
            }

            @Override
            public boolean isShutdown() {
                return pool.isShutdown();
            }

            @Override
            public boolean isTerminated() {
                return pool.isTerminated();
            }

            @Override
            public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
                return pool.awaitTermination(timeout, unit);
            }
        };
        try {
            HistoryReader reader = new HistoryReader(chunked, io, new RecentBehaviours(10, 5));
            for (int round = 0; round < 3; round++) {   // the second and third reuse the first's buffers
                HistoryReader.Outcome o = reader.read("u", Integer.MAX_VALUE, 10_000, vocab);
                assertThat(o.degraded()).isFalse();
                dev.lifelong.data.batch.History got = o.history();
                assertThat(got.length()).isEqualTo(h.size());
                for (int i = 0; i < h.size(); i++) {
                    int item = vocab.item(h.item(i));
                    int category = h.category(i) == null ? vocab.categoryOfItem(item) : vocab.category(h.category(i));
                    int type = h.behaviour(i) == null ? 0 : vocab.behaviour(h.behaviour(i));
                    assertThat(new long[] {got.item(i), got.categories()[i], got.time(i)}).as("row %d", i)
                            .containsExactly(item, category, h.time(i));
                    assertThat(got.behaviour(i)).as("row %d", i).isEqualTo(type);
                    assertThat(got.value(i)).as("row %d", i).isEqualTo(h.value(i));
                }
                reader.release(o);
            }
            // Each read: the read itself, then a half of the decoding and a half of the mapping offered.
            assertThat(handedOut.get()).isEqualTo(3 * 3);
        } finally {
            chunked.close();
            io.shutdown();
        }
    }
}
