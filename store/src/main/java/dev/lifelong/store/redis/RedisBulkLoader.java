package dev.lifelong.store.redis;

import dev.lifelong.store.Behaviours;
import dev.lifelong.store.CountingBulkLoader;
import dev.lifelong.store.LoadMode;
import dev.lifelong.store.StoreException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Pipelines one WRITE script per user without waiting for the replies, and collects them every
 * {@value #WINDOW} users or so (and on close): loading is bound by bandwidth, not by round trips. Sends the
 * script text (EVAL), not its digest: a pipelined EVALSHA cannot fall back on a server that lacks the script.
 */
final class RedisBulkLoader extends CountingBulkLoader {

    private static final int WINDOW = 256;
    private static final long WINDOW_BYTES = 16L << 20;

    private final RedisBehaviourStore store;
    private final RedisClusterAsyncCommands<byte[], byte[]> async;
    private final List<Pending> pending = new ArrayList<>();
    private long pendingBytes;

    private record Pending(String user, Behaviours sorted, RedisFuture<List<Object>> reply) {
    }

    RedisBulkLoader(RedisBehaviourStore store, LoadMode mode, RedisClusterAsyncCommands<byte[], byte[]> async) {
        super(store.describe(), mode);
        this.store = store;
        this.async = async;
    }

    @Override
    protected long write(String user, Behaviours sorted) {
        long[] encoded = new long[1];
        byte[][] args = store.writeArguments(mode(), sorted, encoded);
        RedisKeys keys = RedisKeys.of(store.config().keyPrefix(), user);
        RedisFuture<List<Object>> reply = async.eval(RedisScripts.WRITE.text(), ScriptOutputType.MULTI, keys.all(),
                args);
        // Only the first row is needed to report an out-of-order user: keep that, not the whole history.
        pending.add(new Pending(user, sorted.isEmpty() ? sorted : new Behaviours(1).addAll(sorted, 0, 1), reply));
        long size = encoded[0] + keys.chunks().length * 3L;
        pendingBytes += size;
        if (pending.size() >= WINDOW || pendingBytes >= WINDOW_BYTES) {
            drain();
        }
        return size;
    }

    private void drain() {
        try {
            for (Pending p : pending) {
                try {
                    store.checkWrite(p.reply().get(), p.user(), p.sorted());
                } catch (ExecutionException e) {
                    throw new StoreException(store.describe() + ": loading user '" + p.user() + "' failed: "
                            + RedisBehaviourStore.message(e.getCause()), e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(store.describe() + ": bulk load interrupted", e);
        } finally {
            pending.clear();
            pendingBytes = 0;
        }
    }

    @Override
    protected void finish() {
        drain();
    }
}
