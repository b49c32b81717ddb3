package dev.lifelong.serve.history;

import dev.lifelong.data.batch.History;
import dev.lifelong.serve.model.ServingVocabulary;
import dev.lifelong.core.parallel.ClaimedChunks;
import dev.lifelong.store.BehaviourStore;
import dev.lifelong.store.Behaviours;
import dev.lifelong.store.codec.ChunkCodec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads a request's behaviour sequence from the store within the request's time budget, and maps it to the
 * model's ids on the I/O thread that read it (a long one in two halves, the second offered to another), while
 * the decoded ids are still in that core's cache (mapped later on the
 * request thread, each id's first touch was a cache miss, and the lookups a tenth of a request's work). The
 * request thread meanwhile does its own part ({@link #begin}, then {@link Pending#outcome}), and runs the read
 * itself if the store is {@link BehaviourStore#local} and, when it is ready to wait, no I/O thread has started
 * the read or is busy with another.
 *
 * <p>A read that fails or runs past the budget never fails the request: the user's recent behaviours kept in
 * memory stand in, or an empty history, and the outcome says so (the response is flagged degraded and the reason
 * counted). A late read is left to finish in the background rather than interrupted: interrupting a thread in
 * the middle of a RocksDB or Lettuce call can break the client for everyone.
 */
public final class HistoryReader {

    private final BehaviourStore store;
    private final ExecutorService io;
    private final RecentBehaviours recent;
    /** Mapped histories grow to the longest read: reused from read to read instead of allocated per request. */
    private final ConcurrentLinkedQueue<Mapped> free = new ConcurrentLinkedQueue<>();

    private static final int UNSEEN = -1;
    private static final int WANTED = -2;

    /** A read's behaviours, the same as dense ids and the mapping's scratch; handed back through {@link #release}. */
    private static final class Mapped {
        /** What the store read; grown to the longest history, like the rest, and reused from read to read. */
        final Behaviours raw = new Behaviours(1 << 12);
        final History history = new History();
        /** Per symbol of the read, by role: its id, {@link #UNSEEN} or {@link #WANTED}. */
        int[] itemId = new int[0];
        int[] categoryId = new int[0];
        int[] typeId = new int[0];
        /** One per thread mapping a part of the history at once. */
        final Lookup[] lookups = {new Lookup(), new Lookup()};

        void ensure(int symbols) {
            if (itemId.length < symbols) {
                int c = Math.max(symbols, itemId.length * 2);
                itemId = new int[c];
                categoryId = new int[c];
                typeId = new int[c];
            }
            java.util.Arrays.fill(itemId, 0, symbols, UNSEEN);
            java.util.Arrays.fill(categoryId, 0, symbols, UNSEEN);
            java.util.Arrays.fill(typeId, 0, symbols, UNSEEN);
        }
    }

    /** The distinct symbols a part of the history wants looked up, and their ids. */
    private static final class Lookup {
        final ServingVocabulary.Batch batch = new ServingVocabulary.Batch();
        int[] want = new int[0];
        int[] ids = new int[0];

        void ensure(int symbols) {
            if (want.length < symbols) {
                int c = Math.max(symbols, want.length * 2);
                want = new int[c];
                ids = new int[c];
            }
        }
    }

    /**
     * What a read produced: the raw behaviours (for explanations), the same as the model's ids, where they came
     * from and why degraded. Both are lent: {@link #release} the outcome once the request is scored.
     */
    public static final class Outcome {
        private final Behaviours raw;
        private final Mapped mapped;
        private final SequenceSource source;
        private final String degradedReason;

        private Outcome(Behaviours raw, Mapped mapped, SequenceSource source, String degradedReason) {
            this.raw = raw;
            this.mapped = mapped;
            this.source = source;
            this.degradedReason = degradedReason;
        }

        public Behaviours raw() {
            return raw;
        }

        /** The behaviours as the model's dense ids, oldest first. */
        public History history() {
            return mapped.history;
        }

        public SequenceSource source() {
            return source;
        }

        public String degradedReason() {
            return degradedReason;
        }

        public boolean degraded() {
            return degradedReason != null;
        }
    }

    /** Reads running on I/O threads now. */
    private final AtomicInteger onPool = new AtomicInteger();

    /**
     * One read, run by whichever thread claims it first: the I/O thread it was handed to, or, for a
     * {@link BehaviourStore#local} store, the request thread once it is ready to wait, if no I/O thread has
     * started it and none is busy with another read.
     */
    private final class Read implements Runnable {
        private final String user;
        private final int maxLen;
        private final ServingVocabulary vocab;
        private final CompletableFuture<Mapped> done = new CompletableFuture<>();
        private final AtomicBoolean claimed = new AtomicBoolean();

        private Read(String user, int maxLen, ServingVocabulary vocab) {
            this.user = user;
            this.maxLen = maxLen;
            this.vocab = vocab;
        }

        boolean claim() {
            return !claimed.get() && claimed.compareAndSet(false, true);
        }

        @Override
        public void run() {
            if (claim()) {
                onPool.incrementAndGet();
                try {
                    read();
                } finally {
                    onPool.decrementAndGet();
                }
            }
        }

        void read() {
            Mapped m = take();
            try {
                // A long history's read and mapping are split in two, the second half offered to another I/O
                // thread: the request waits for all of it, and the other cores are idle meanwhile.
                store.read(user, maxLen, m.raw, io);
                toHistory(m.raw, vocab, m, io);
                done.complete(m);
            } catch (RuntimeException | Error e) {
                recycle(m);
                done.completeExceptionally(e);
            }
        }
    }

    /** A read under way on an I/O thread. */
    public final class Pending {
        private final String user;
        private final ServingVocabulary vocab;
        private final long deadline;
        private final Read task;
        private final String refused;

        private Pending(String user, ServingVocabulary vocab, long deadline, Read task, String refused) {
            this.user = user;
            this.vocab = vocab;
            this.deadline = deadline;
            this.task = task;
            this.refused = refused;
        }

        /**
         * Waits for the read until the budget given to {@link #begin} runs out, then falls back. A local store's
         * read that no I/O thread has started yet, while none is busy with another, is run here instead: the
         * wait is then a thread waking, which on this machine's other vCPU took 80 µs at the median and 3-4 ms
         * at the 99th percentile while this thread is running (docs/BENCHMARKS.md, session 16). A read queued
         * behind others (a slow store under load) is still waited for within the budget only.
         */
        public Outcome outcome() {
            if (refused != null) {
                return fallback(user, vocab, refused);
            }
            if (store.local() && onPool.get() == 0 && task.claim()) {
                task.read();
            }
            try {
                Mapped m = task.done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                recent.remember(user, m.raw);
                return new Outcome(m.raw, m, m.raw.isEmpty() ? SequenceSource.EMPTY : SequenceSource.STORE, null);
            } catch (TimeoutException e) {
                // The read goes on in the background; its history comes back to the pool when it ends.
                task.done.thenAccept(HistoryReader.this::recycle);
                return fallback(user, vocab, "store_timeout");
            } catch (ExecutionException e) {
                return fallback(user, vocab, "store_error");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fallback(user, vocab, "interrupted");
            }
        }
    }

    public HistoryReader(BehaviourStore store, ExecutorService io, RecentBehaviours recent) {
        this.store = store;
        this.io = io;
        this.recent = recent;
    }

    public BehaviourStore store() {
        return store;
    }

    public RecentBehaviours recent() {
        return recent;
    }

    /**
     * Starts reading up to {@code maxLen} of the user's most recent behaviours and mapping them through
     * {@code vocab}; {@link Pending#outcome} waits for them, at most {@code timeoutMs} from now.
     */
    public Pending begin(String user, int maxLen, long timeoutMs, ServingVocabulary vocab) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        try {
            Read task = new Read(user, maxLen, vocab);
            io.execute(task);
            return new Pending(user, vocab, deadline, task, null);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return new Pending(user, vocab, deadline, null, "store_overloaded");
        }
    }

    /** {@link #begin} and {@link Pending#outcome} at once. */
    public Outcome read(String user, int maxLen, long timeoutMs, ServingVocabulary vocab) {
        return begin(user, maxLen, timeoutMs, vocab).outcome();
    }

    /** Hands an outcome's history back for reuse; the outcome must not be used after. */
    public void release(Outcome o) {
        recycle(o.mapped);
    }

    /** Back to the pool, emptied: a read's holder must not keep the chunks its ids point into. */
    private void recycle(Mapped m) {
        m.raw.clear();
        free.offer(m);
    }

    private Outcome fallback(String user, ServingVocabulary vocab, String reason) {
        Mapped m = take();
        boolean kept = recent.recall(user, m.raw);
        toHistory(m.raw, vocab, m, null);
        return new Outcome(m.raw, m, kept && !m.raw.isEmpty() ? SequenceSource.FALLBACK_SHORT : SequenceSource.EMPTY,
                reason);
    }

    private Mapped take() {
        Mapped m = free.poll();
        return m != null ? m : new Mapped();
    }

    /**
     * Maps raw behaviours to the model's dense ids into {@code m.history}: each distinct symbol is looked up
     * once, all of a role's symbols in one batch. A behaviour without a category takes its item's training
     * category, as training did. A long history decoded in parts ({@link Behaviours#partNear}) is mapped as two
     * halves at once, the second offered to {@code helper}: their rows use disjoint symbols, so each half looks
     * up and fills its own.
     */
    private static void toHistory(Behaviours raw, ServingVocabulary vocab, Mapped m, Executor helper) {
        History out = m.history;
        out.clear();
        int n = raw.size();
        m.ensure(raw.symbolCount());
        out.grow(n);
        // From the length at which the store decodes in halves (ChunkCodec.decodeAll), for the same reason.
        long part = helper == null || n < ChunkCodec.PARALLEL_ROWS ? -1 : raw.partNear(n / 2);
        int row = (int) (part >>> 32);
        if (part < 0 || row < n / 4 || row > n - n / 4) {
            mapRows(raw, vocab, m, m.lookups[0], 0, n);
        } else {
            ClaimedChunks.run(2, 1, helper, 1, (half, end) -> {
                if (half == 0) {
                    mapRows(raw, vocab, m, m.lookups[0], 0, row);
                } else {
                    mapRows(raw, vocab, m, m.lookups[1], row, n);
                }
            });
        }
        out.requireTimeOrder();
    }

    private static void mapRows(Behaviours raw, ServingVocabulary vocab, Mapped m, Lookup l, int from, int to) {
        int[] items = raw.itemSymbols();
        int[] cats = raw.categorySymbols();
        int[] types = raw.behaviourSymbols();
        l.ensure(Math.min(raw.symbolCount(), to - from));
        int wanted = wanted(items, from, to, m.itemId, l.want);
        vocab.items(raw, l.want, wanted, l.ids, l.batch);
        resolve(l.want, l.ids, wanted, m.itemId);
        wanted = wanted(cats, from, to, m.categoryId, l.want);
        vocab.categories(raw, l.want, wanted, l.ids, l.batch);
        resolve(l.want, l.ids, wanted, m.categoryId);
        wanted = wanted(types, from, to, m.typeId, l.want);
        vocab.behaviours(raw, l.want, wanted, l.ids, l.batch);
        resolve(l.want, l.ids, wanted, m.typeId);
        float[] values = raw.values();
        long[] times = raw.times();
        History out = m.history;
        for (int i = from; i < to; i++) {
            int item = m.itemId[items[i]];
            int c = cats[i];
            int category = c != Behaviours.NONE ? m.categoryId[c] : item < 0 ? item : vocab.categoryOfItem(item);
            int t = types[i];
            int type = t == Behaviours.NONE ? 0 : m.typeId[t];
            if ((item | category | type) < 0) {
                // A symbol of the other half: the holder's part marks were wrong. Never an id of -1 or -2.
                throw new IllegalStateException("behaviour " + i + " uses a symbol its part did not look up");
            }
            out.set(i, item, category, type, values[i], times[i]);
        }
    }

    /**
     * The distinct symbols of {@code column[from .. to)} into {@code want} (absent ones left out), each marked in
     * {@code idOf} until {@link #resolve} gives it its id; returns how many.
     */
    private static int wanted(int[] column, int from, int to, int[] idOf, int[] want) {
        int wanted = 0;
        for (int i = from; i < to; i++) {
            int s = column[i];
            if (s != Behaviours.NONE && idOf[s] == UNSEEN) {
                idOf[s] = WANTED;
                want[wanted++] = s;
            }
        }
        return wanted;
    }

    private static void resolve(int[] want, int[] ids, int n, int[] idOf) {
        for (int j = 0; j < n; j++) {
            idOf[want[j]] = ids[j];
        }
    }
}
