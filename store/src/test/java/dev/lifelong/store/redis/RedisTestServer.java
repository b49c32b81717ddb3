package dev.lifelong.store.redis;

import static org.junit.jupiter.api.Assertions.fail;

import dev.lifelong.store.Behaviours;
import dev.lifelong.store.StoreException;
import dev.lifelong.store.open.StoreSpec;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis servers the tests use, found through {@code LIFELONG_REDIS} (default {@code redis://127.0.0.1:6379})
 * and {@code LIFELONG_REDIS_CLUSTER} (default {@code redis-cluster://127.0.0.1:7000}); {@code .ci/redis start}
 * starts both. Without a server the tests are skipped with a message, except in CI ({@code CI=true} or
 * {@code LIFELONG_REQUIRE_REDIS} set), where they fail: the Redis contract must never pass by not running.
 */
final class RedisTestServer implements AutoCloseable {

    static final String STANDALONE = env("LIFELONG_REDIS", "redis://127.0.0.1:6379");
    static final String CLUSTER = env("LIFELONG_REDIS_CLUSTER", "redis-cluster://127.0.0.1:7000");

    private final AbstractRedisClient client;
    private final RedisClusterCommands<byte[], byte[]> commands;

    private RedisTestServer(AbstractRedisClient client, RedisClusterCommands<byte[], byte[]> commands) {
        this.client = client;
        this.commands = commands;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("CI")) || System.getenv("LIFELONG_REQUIRE_REDIS") != null;
    }

    /** Opens a store on {@code spec} and probes it; no server fails in CI and skips elsewhere. */
    static RedisBehaviourStore open(String spec, RedisConfig config) {
        try {
            RedisBehaviourStore s = (RedisBehaviourStore) StoreSpec.parse(spec).open(config);
            s.read("probe", 1, new Behaviours());
            return s;
        } catch (StoreException | java.io.IOException e) {
            String why = "no usable Redis at " + spec + " (" + e.getMessage() + "); run .ci/redis start, or point "
                    + "LIFELONG_REDIS / LIFELONG_REDIS_CLUSTER at a server";
            if (required()) {
                fail(why + " [CI: Redis tests must run]");
            }
            Assumptions.abort(why);
            throw new AssertionError("unreachable");
        }
    }

    /** A plain connection to the server behind {@code spec}, for cleaning up and looking at keys. */
    static RedisTestServer connect(String spec) {
        StoreSpec s = StoreSpec.parse(spec);
        if (s.scheme().equals("redis-cluster")) {
            String first = s.location().split("[,?]")[0];
            RedisClusterClient c = RedisClusterClient.create(RedisURI.create("redis://" + first));
            return new RedisTestServer(c, c.connect(ByteArrayCodec.INSTANCE).sync());
        }
        RedisClient c = RedisClient.create(RedisURI.create(spec));
        return new RedisTestServer(c, c.connect(ByteArrayCodec.INSTANCE).sync());
    }

    RedisClusterCommands<byte[], byte[]> commands() {
        return commands;
    }

    /** Deletes every key under {@code prefix} (a cluster-wide scan on Cluster). */
    void deleteAll(String prefix) {
        ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(500);
        KeyScanCursor<byte[]> cursor = commands.scan(match);
        while (true) {
            List<byte[]> keys = cursor.getKeys();
            if (!keys.isEmpty()) {
                commands.del(keys.toArray(new byte[0][]));
            }
            if (cursor.isFinished()) {
                return;
            }
            cursor = commands.scan(cursor, match);   // Cluster needs its own cursor back
        }
    }

    long listLength(String prefix, String user) {
        return commands.llen(RedisKeys.of(prefix, user).chunks());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        client.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
