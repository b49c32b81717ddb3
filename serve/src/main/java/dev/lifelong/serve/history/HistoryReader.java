package dev.lifelong.serve.history;

import dev.lifelong.data.batch.History;
import dev.lifelong.serve.model.ServingVocabulary;
import dev.lifelong.store.BehaviourStore;
import dev.lifelong.store.Behaviours;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a request's behaviour sequence from the store within the request's time budget. A read that fails or
 * runs past the budget never fails the request: the user's recent behaviours kept in memory stand in, or an empty
 * history, and the outcome says so (the response is flagged degraded and the reason counted). A late read is
 * left to finish in the background rather than interrupted: interrupting a thread in the middle of a RocksDB or
 * Lettuce call can break the client for everyone.
 */
public final class HistoryReader {

    private final BehaviourStore store;
    private final ExecutorService io;
    private final RecentBehaviours recent;

    /** What a read produced: the raw behaviours (for explanations), where they came from and why degraded. */
    public record Outcome(Behaviours raw, SequenceSource source, String degradedReason) {
        public boolean degraded() {
            return degradedReason != null;
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

    /** Reads up to {@code maxLen} of the user's most recent behaviours, waiting at most {@code timeoutMs}. */
    public Outcome read(String user, int maxLen, long timeoutMs) {
        CompletableFuture<Behaviours> f;
        try {
            f = CompletableFuture.supplyAsync(() -> {
                Behaviours b = new Behaviours(Math.min(maxLen, 1 << 12));
                store.read(user, maxLen, b);
                return b;
            }, io);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return fallback(user, "store_overloaded");
        }
        try {
            Behaviours b = f.get(timeoutMs, TimeUnit.MILLISECONDS);
            recent.remember(user, b);
            return new Outcome(b, b.isEmpty() ? SequenceSource.EMPTY : SequenceSource.STORE, null);
        } catch (TimeoutException e) {
            return fallback(user, "store_timeout");
        } catch (ExecutionException e) {
            return fallback(user, "store_error");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback(user, "interrupted");
        }
    }

    private Outcome fallback(String user, String reason) {
        Behaviours b = new Behaviours();
        boolean kept = recent.recall(user, b);
        return new Outcome(b, kept && !b.isEmpty() ? SequenceSource.FALLBACK_SHORT : SequenceSource.EMPTY, reason);
    }

    /**
     * Maps raw behaviours to the model's dense ids into {@code out}: each distinct symbol is looked up once. A
     * behaviour without a category takes its item's training category, as training did.
     */
    public static void toHistory(Behaviours raw, ServingVocabulary vocab, History out, int[][] scratch) {
        out.clear();
        int symbols = raw.symbolCount();
        int[] itemId = scratch[0].length >= symbols ? scratch[0] : (scratch[0] = new int[symbols]);
        int[] catId = scratch[1].length >= symbols ? scratch[1] : (scratch[1] = new int[symbols]);
        int[] typeId = scratch[2].length >= symbols ? scratch[2] : (scratch[2] = new int[symbols]);
        java.util.Arrays.fill(itemId, 0, symbols, -1);
        java.util.Arrays.fill(catId, 0, symbols, -1);
        java.util.Arrays.fill(typeId, 0, symbols, -1);
        int[] items = raw.itemSymbols();
        int[] cats = raw.categorySymbols();
        int[] types = raw.behaviourSymbols();
        float[] values = raw.values();
        long[] times = raw.times();
        for (int i = 0; i < raw.size(); i++) {
            int s = items[i];
            int item = itemId[s] >= 0 ? itemId[s] : (itemId[s] = vocab.item(raw.symbol(s)));
            int category;
            int c = cats[i];
            if (c == Behaviours.NONE) {
                category = vocab.categoryOfItem(item);
            } else {
                category = catId[c] >= 0 ? catId[c] : (catId[c] = vocab.category(raw.symbol(c)));
            }
            int t = types[i];
            int type = t == Behaviours.NONE ? 0 : typeId[t] >= 0 ? typeId[t] : (typeId[t] = vocab.behaviour(raw.symbol(t)));
            out.add(item, category, type, values[i], times[i]);
        }
    }
}
