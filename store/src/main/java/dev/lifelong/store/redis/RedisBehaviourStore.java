package dev.lifelong.store.redis;

import dev.lifelong.store.BehaviourStore;
import dev.lifelong.store.Behaviours;
import dev.lifelong.store.BulkLoader;
import dev.lifelong.store.LoadMode;
import dev.lifelong.store.OutOfOrderAppendException;
import dev.lifelong.store.StoreException;
import dev.lifelong.store.codec.ChunkCodec;
import dev.lifelong.store.codec.CorruptChunkException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A store in Redis, standalone or Cluster, through Lettuce: the scale-out option, shared by stateless servers.
 * Per user, a list of encoded chunks ({@link ChunkCodec}), a list of their counts and a small hash
 * ({@link RedisKeys}); every operation is one Lua script over them ({@link RedisScripts}), so it costs one round
 * trip and is atomic, which also makes it safe against other servers appending to the same user.
 *
 * <p>An online append pushes its events as one new chunk. When {@code compactAfter} chunks that are not full
 * trail the list, the appending call merges them into full ones (read, decode, re-encode, write back if nothing
 * changed meanwhile), so a user's list stays about {@code history / chunkSize} long however the events arrived.
 * Every command has the configured timeout: past it, or while the server is unreachable (Lettuce reconnects in
 * the background and holds commands meanwhile), a call fails with {@link StoreException}, which a server turns
 * into a degraded answer.
 */
public final class RedisBehaviourStore implements BehaviourStore {

    private final String description;
    private final RedisConfig config;
    private final AbstractRedisClient client;
    private final AutoCloseable connection;
    private final RedisClusterCommands<byte[], byte[]> sync;
    private final RedisClusterAsyncCommands<byte[], byte[]> async;
    private volatile boolean closed;

    private RedisBehaviourStore(String description, RedisConfig config, AbstractRedisClient client,
                                AutoCloseable connection, RedisClusterCommands<byte[], byte[]> sync,
                                RedisClusterAsyncCommands<byte[], byte[]> async) {
        this.description = description;
        this.config = config;
        this.client = client;
        this.connection = connection;
        this.sync = sync;
        this.async = async;
    }

    /** Connects to one Redis server ({@code redis://host:port}, {@code rediss://...} for TLS). */
    public static RedisBehaviourStore standalone(RedisURI uri, RedisConfig config) {
        String description = describe("redis://", List.of(uri));
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled(config.timeout())).build());
        try {
            StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE);
            c.setTimeout(config.timeout());
            return new RedisBehaviourStore(description, config, client, c, c.sync(), c.async());
        } catch (RedisException e) {
            shutdown(client);
            throw new StoreException(description + ": cannot connect: " + message(e), e);
        }
    }

    /** Connects to a Redis Cluster through any of its nodes (the topology is discovered from them). */
    public static RedisBehaviourStore cluster(List<RedisURI> seeds, RedisConfig config) {
        String description = describe("redis-cluster://", seeds);
        RedisClusterClient client = RedisClusterClient.create(seeds);
        // Lettuce 7 refreshes the topology on every adaptive trigger (redirects, reconnects) by default, which is
        // what keeps a resharded or failed-over cluster serving.
        client.setOptions(ClusterClientOptions.builder().timeoutOptions(TimeoutOptions.enabled(config.timeout()))
                .build());
        try {
            StatefulRedisClusterConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE);
            c.setTimeout(config.timeout());
            return new RedisBehaviourStore(description, config, client, c, c.sync(), c.async());
        } catch (RedisException e) {
            shutdown(client);
            throw new StoreException(description + ": cannot connect: " + message(e), e);
        }
    }

    /** Host and port only: a description must never carry a password. */
    private static String describe(String scheme, List<RedisURI> uris) {
        return scheme + uris.stream().map(u -> u.getHost() + ":" + u.getPort()).collect(Collectors.joining(","));
    }

    @Override
    public String describe() {
        return description;
    }

    public RedisConfig config() {
        return config;
    }

    @Override
    public void read(String user, int maxLen, Behaviours into) {
        read(user, maxLen, into, null);
    }

    @Override
    public void read(String user, int maxLen, Behaviours into, Executor helper) {
        BehaviourStore.requireUser(user);
        BehaviourStore.requireMaxLen(maxLen);
        into.clear();
        ensureOpen();
        if (maxLen == 0) {
            return;
        }
        RedisKeys keys = RedisKeys.of(config.keyPrefix(), user);
        List<Object> chunks = run(RedisScripts.READ, keys, "reading", user, number(maxLen));
        try {
            List<byte[]> oldestFirst = new ArrayList<>(chunks.size());
            int total = 0;
            for (Object c : chunks) {
                oldestFirst.add((byte[]) c);
                total += ChunkCodec.count((byte[]) c);
            }
            ChunkCodec.decodeAll(oldestFirst, Math.max(0, total - maxLen), into, helper);
        } catch (CorruptChunkException e) {
            into.clear();
            throw new StoreException(description + ": user '" + user + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void append(String user, Behaviours events) {
        BehaviourStore.requireUser(user);
        ensureOpen();
        if (events.isEmpty()) {
            return;
        }
        Behaviours sorted = events.sortedByTime();
        RedisKeys keys = RedisKeys.of(config.keyPrefix(), user);
        List<Object> result = run(RedisScripts.WRITE, keys, "appending to", user,
                writeArguments(LoadMode.APPEND, sorted, new long[1]));
        long small = checkWrite(result, user, sorted);
        if (small >= config.compactAfter()) {
            compact(user, keys);
        }
    }

    /**
     * The WRITE script's arguments for a sorted batch: mode, oldest and newest time, the chunk size, then
     * the chunks of at most {@code chunkSize} with their counts. Adds the encoded bytes to {@code bytes[0]}.
     */
    byte[][] writeArguments(LoadMode mode, Behaviours sorted, long[] bytes) {
        int n = sorted.size();
        int chunks = (n + config.chunkSize() - 1) / config.chunkSize();
        byte[][] args = new byte[4 + 2 * chunks][];
        args[0] = mode == LoadMode.REPLACE ? new byte[] {'r'} : new byte[] {'a'};
        args[1] = number(n == 0 ? 0 : sorted.time(0));
        args[2] = number(n == 0 ? 0 : sorted.time(n - 1));
        args[3] = number(config.chunkSize());
        for (int c = 0; c < chunks; c++) {
            int from = c * config.chunkSize();
            int to = Math.min(n, from + config.chunkSize());
            args[4 + 2 * c] = ChunkCodec.encode(sorted, from, to);
            args[5 + 2 * c] = number(to - from);
            bytes[0] += args[4 + 2 * c].length;
        }
        return args;
    }

    /** The count of chunks not full trailing the list that a WRITE returned, or the out-of-order error it reported. */
    long checkWrite(List<Object> result, String user, Behaviours sorted) {
        if ((Long) result.get(0) == 1L) {
            long newest = Long.parseLong(new String((byte[]) result.get(1), StandardCharsets.US_ASCII));
            throw new OutOfOrderAppendException(description, user, sorted.time(0), newest);
        }
        return (Long) result.get(1);
    }

    /**
     * Merges the chunks that are not full trailing a user's list into full ones. Optimistic: if another write
     * lands between the read and the write back, the write back is dropped (the next append tries again), so it
     * never blocks or loses an event.
     */
    private void compact(String user, RedisKeys keys) {
        List<Object> seen = run(RedisScripts.COMPACT_READ, keys, "compacting", user);
        if (seen.size() < 3) {
            return;
        }
        Behaviours merged = new Behaviours();
        try {
            for (int i = 1; i < seen.size(); i++) {
                ChunkCodec.decode((byte[]) seen.get(i), merged);
            }
        } catch (CorruptChunkException e) {
            throw new StoreException(description + ": user '" + user + "': " + e.getMessage(), e);
        }
        byte[][] write = writeArguments(LoadMode.APPEND, merged, new long[1]);
        byte[][] args = new byte[write.length - 1][];
        args[0] = (byte[]) seen.get(0);
        args[1] = number(seen.size() - 1L);
        args[2] = number(config.chunkSize());
        System.arraycopy(write, 4, args, 3, write.length - 4);
        run(RedisScripts.COMPACT_WRITE, ScriptOutputType.INTEGER, keys, "compacting", user, args);
    }

    @Override
    public BulkLoader bulkLoader(LoadMode mode) {
        ensureOpen();
        return new RedisBulkLoader(this, mode, async);
    }

    private <T> T run(RedisScripts.Script script, RedisKeys keys, String what, String user, byte[]... args) {
        return run(script, ScriptOutputType.MULTI, keys, what, user, args);
    }

    /** EVALSHA, falling back to EVAL (which also caches the script) when the server does not know it yet. */
    private <T> T run(RedisScripts.Script script, ScriptOutputType type, RedisKeys keys, String what, String user,
                      byte[]... args) {
        try {
            try {
                return sync.evalsha(script.sha(), type, keys.all(), args);
            } catch (RedisNoScriptException e) {
                return sync.eval(script.text(), type, keys.all(), args);
            }
        } catch (RedisException e) {
            throw new StoreException(description + ": " + what + " user '" + user + "' failed: " + message(e), e);
        }
    }

    static byte[] number(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return e.getCause() != null && e.getCause().getMessage() != null && !m.contains(e.getCause().getMessage())
                ? m + " (" + e.getCause().getMessage() + ")" : m;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(description + " is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } catch (Exception e) {
            // Closing a broken connection can fail; the client shutdown below releases its resources anyway.
        }
        shutdown(client);
    }

    /** No quiet period: nothing else uses this client's threads, and tests open and close many stores. */
    private static void shutdown(AbstractRedisClient client) {
        client.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
