package dev.lifelong.core.parallel;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs work in chunks on the calling thread and on pool helpers, each thread claiming the next chunk when it is
 * free: a request's candidates, or the halves of a long history being read. Fixed shares (one per worker) made
 * the request wait for a helper that the scheduler started late: on this project's 2-vCPU machine the scoring
 * worker started up to 3.5 ms after its hand-off at p99 while the request thread idled. With claims, the calling
 * thread takes over whatever no helper has begun, so at the end it waits only for chunks already running; a
 * helper that starts after the last claim returns at once, and a busy or refusing pool costs nothing but the
 * hand-off.
 */
public final class ClaimedChunks {

    /** A chunk {@code [from, to)}. */
    @FunctionalInterface
    public interface Task {
        void run(int from, int to);
    }

    private ClaimedChunks() {
    }

    /**
     * Runs {@code task} over {@code [0, n)} in chunks of {@code chunk}, on this thread and up to {@code helpers}
     * tasks on {@code pool} (fewer if it refuses them), and returns when every chunk is done. A chunk's exception
     * is rethrown here (the first one, unwrapped) once no chunk is running; chunks not yet begun by then are
     * skipped.
     */
    public static void run(int n, int chunk, Executor pool, int helpers, Task task) {
        int chunks = (n + chunk - 1) / chunk;
        if (chunks <= 1 || helpers <= 0) {
            for (int from = 0; from < n; from += chunk) {
                task.run(from, Math.min(n, from + chunk));
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CompletableFuture<Void> all = new CompletableFuture<>();
        // A helper the pool starts after the last claim, or never, keeps only this reference, emptied below,
        // and not the task with the arrays it holds.
        AtomicReference<Task> live = new AtomicReference<>(task);
        Runnable claim = () -> {
            for (int c; (c = next.getAndIncrement()) < chunks; ) {
                if (failure.get() == null) {  // once one chunk failed, the request fails: the rest only count
                    try {
                        live.get().run(c * chunk, Math.min(n, (c + 1) * chunk));
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }
                if (done.incrementAndGet() == chunks) {
                    all.complete(null);
                }
            }
        };
        for (int h = Math.min(helpers, chunks - 1); h > 0; h--) {
            try {
                pool.execute(claim);
            } catch (RejectedExecutionException e) {
                break;  // a pool shutting down: this thread claims what the helpers would have
            }
        }
        claim.run();
        all.join();
        live.set(null);
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * A pool for the helpers of callers that claim chunks themselves with {@code claimants - 1} helpers each:
     * that many threads, at least one. A pool of {@code claimants} threads keeps one idle whenever a single
     * caller runs, and its idle threads take successive hand-offs in turn (they wait in line for its queue), so
     * one request's helper runs on one thread and the next one's on another. On this project's 2-vCPU machine,
     * one helper thread instead of two gave {@code eta} at L = 10^4, B = 1,000 a lower client p99 in six of
     * nine alternating {@code bench serve} pairs, a level one in two, a higher one in one, at the same medians
     * (docs/BENCHMARKS.md, session 20); under concurrent requests, each caller's own thread does what no helper
     * has begun.
     */
    public static ExecutorService helperPool(int claimants, ThreadFactory threads) {
        return Executors.newFixedThreadPool(Math.max(1, claimants - 1), threads);
    }
}
