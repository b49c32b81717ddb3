package dev.lifelong.core.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a batch as fixed-size shards on worker threads. The shard boundaries depend only on the batch size and
 * the shard size, never on the number of threads; each shard writes its own gradient buffer and the caller
 * sums the buffers in shard order. So a seed reproduces training bit for bit whatever the thread count and
 * however the threads are scheduled.
 */
public final class ShardedBatchRunner implements ParallelTasks, AutoCloseable {

    /** Work on rows {@code [from, to)} of a batch, as shard number {@code shard}. */
    @FunctionalInterface
    public interface ShardTask {
        void run(int shard, int from, int to) throws Exception;
    }

    private final int threads;
    private final ExecutorService pool;

    /** @param threads worker threads; 0 or less means one per available core */
    public ShardedBatchRunner(int threads) {
        this.threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        if (this.threads == 1) {
            this.pool = null;
        } else {
            AtomicInteger n = new AtomicInteger();
            this.pool = Executors.newFixedThreadPool(this.threads, r -> {
                Thread t = new Thread(r, "lifelong-worker-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    public int threads() {
        return threads;
    }

    /** Number of shards a batch of {@code batchSize} splits into. */
    public static int shardCount(int batchSize, int shardSize) {
        if (shardSize < 1) {
            throw new IllegalArgumentException("shard size must be >= 1, got " + shardSize);
        }
        return (batchSize + shardSize - 1) / shardSize;
    }

    /**
     * Runs {@code task} on every shard of {@code [0, batchSize)} and returns when all are done. The first
     * failure (in shard order) is rethrown once every shard has finished.
     */
    public void run(int batchSize, int shardSize, ShardTask task) {
        int shards = shardCount(batchSize, shardSize);
        if (pool == null || shards == 1) {
            for (int s = 0; s < shards; s++) {
                runShard(task, s, shardSize, batchSize);
            }
            return;
        }
        List<Future<?>> futures = new ArrayList<>(shards);
        for (int s = 0; s < shards; s++) {
            int shard = s;
            futures.add(pool.submit(() -> {
                runShard(task, shard, shardSize, batchSize);
                return null;
            }));
        }
        RuntimeException first = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for batch shards", e);
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Runs tasks {@code 0 .. n-1} on the workers, one shard each. */
    @Override
    public void forEach(int n, java.util.function.IntConsumer task) {
        if (n > 0) {
            run(n, 1, (shard, from, to) -> task.accept(shard));
        }
    }

    private static void runShard(ShardTask task, int shard, int shardSize, int batchSize) {
        int from = shard * shardSize;
        try {
            task.run(shard, from, Math.min(batchSize, from + shardSize));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("shard " + shard + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
