package dev.lifelong.store.open;

import dev.lifelong.store.BehaviourStore;
import dev.lifelong.store.redis.RedisBehaviourStore;
import dev.lifelong.store.redis.RedisConfig;
import dev.lifelong.store.rocksdb.RocksDbBehaviourStore;
import dev.lifelong.store.timeline.TimelineBehaviourStore;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A store named by one string, as the command line and server configs give it. The scheme picks the
 * implementation from a fixed list (no class names from configuration):
 * <ul>
 *   <li>{@code rocksdb:PATH}: embedded RocksDB in folder PATH (created when missing)</li>
 *   <li>{@code timeline:DIR}: a prepared dataset's timelines, read-only</li>
 *   <li>{@code redis://[:password@]host:port[/db][?timeout=50ms]} (or {@code rediss://} for TLS)</li>
 *   <li>{@code redis-cluster://host:port[,host:port...][?timeout=50ms]}: any nodes of a Redis Cluster</li>
 * </ul>
 *
 * @param scheme   {@code rocksdb}, {@code timeline}, {@code redis} or {@code redis-cluster}
 * @param location the rest: a path, or the Redis address(es)
 */
public record StoreSpec(String scheme, String location) {

    public static final String FORMS = "rocksdb:PATH, timeline:DATASET_DIR, redis://HOST:PORT or "
            + "redis-cluster://HOST:PORT[,HOST:PORT...]";

    public static StoreSpec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty store: expected " + FORMS);
        }
        for (String scheme : List.of("rocksdb:", "timeline:")) {
            if (spec.startsWith(scheme) && spec.length() > scheme.length()) {
                return new StoreSpec(scheme.substring(0, scheme.length() - 1), spec.substring(scheme.length()));
            }
        }
        for (String scheme : List.of("redis://", "rediss://", "redis-cluster://")) {
            if (spec.startsWith(scheme) && spec.length() > scheme.length()) {
                return new StoreSpec(scheme.substring(0, scheme.length() - 3), spec.substring(scheme.length()));
            }
        }
        throw new IllegalArgumentException("unknown store '" + spec + "': expected " + FORMS);
    }

    /** Opens the store with the default Redis settings ({@link RedisConfig#DEFAULTS}). */
    public BehaviourStore open() throws IOException {
        return open(RedisConfig.DEFAULTS);
    }

    /** Opens the store; Redis stores use {@code defaults} except for a {@code timeout} given in the spec. */
    public BehaviourStore open(RedisConfig defaults) throws IOException {
        return switch (scheme) {
            case "rocksdb" -> RocksDbBehaviourStore.open(Path.of(location));
            case "timeline" -> TimelineBehaviourStore.open(Path.of(location));
            case "redis", "rediss" -> {
                RedisURI uri = uri(scheme + "://" + location);
                yield RedisBehaviourStore.standalone(uri, withTimeout(defaults, uri, location));
            }
            default -> {
                List<RedisURI> seeds = seeds(location);
                yield RedisBehaviourStore.cluster(seeds, withTimeout(defaults, seeds.get(0), location));
            }
        };
    }

    /** Splits {@code h1:p1,h2:p2?query} into one URI per node, each with the query. */
    private static List<RedisURI> seeds(String location) {
        int q = location.indexOf('?');
        String hosts = q < 0 ? location : location.substring(0, q);
        String query = q < 0 ? "" : location.substring(q);
        List<RedisURI> seeds = new ArrayList<>();
        for (String host : hosts.split(",")) {
            if (host.isBlank()) {
                throw new IllegalArgumentException("redis-cluster://" + location + ": empty node in the list");
            }
            seeds.add(uri("redis://" + host.trim() + query));
        }
        return seeds;
    }

    private static RedisURI uri(String text) {
        try {
            return RedisURI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad Redis address '" + text + "': " + e.getMessage(), e);
        }
    }

    static RedisConfig withTimeout(RedisConfig defaults, RedisURI uri, String location) {
        // RedisURI has a 60 s default of its own, so its value cannot tell a timeout written in the spec from
        // none: the query says, and only a written one (60 s included) overrides ours.
        int q = location.indexOf('?');
        boolean written = q >= 0 && java.util.Arrays.stream(location.substring(q + 1).split("&"))
                .anyMatch(p -> p.startsWith("timeout="));
        return written ? defaults.withTimeout(uri.getTimeout()) : defaults;
    }
}
