package dev.lifelong.store.redis;

import java.time.Duration;

/**
 * Tuning of a Redis store.
 *
 * @param timeout      per-command timeout; past it a call fails with a {@code StoreException} (a server then
 *                     answers degraded) rather than waiting
 * @param keyPrefix    prefix of every key, so several stores (or tests) share one Redis; no braces
 * @param chunkSize    behaviours per chunk written by bulk loads and compactions
 * @param compactAfter online appends each push a small chunk; once this many chunks that are not full trail a
 *                     user's list, the appending call merges them (see {@link RedisBehaviourStore})
 */
public record RedisConfig(Duration timeout, String keyPrefix, int chunkSize, int compactAfter) {

    public static final RedisConfig DEFAULTS = new RedisConfig(Duration.ofSeconds(2), "lifelong:", 512, 16);

    public RedisConfig {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (keyPrefix == null || keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0) {
            throw new IllegalArgumentException("keyPrefix must not be null or hold braces (Redis Cluster hash tags), "
                    + "got " + keyPrefix);
        }
        if (chunkSize < 4 || chunkSize > 1 << 20) {
            throw new IllegalArgumentException("chunkSize must be in [4, 2^20], got " + chunkSize);
        }
        if (compactAfter < 2) {
            throw new IllegalArgumentException("compactAfter must be >= 2, got " + compactAfter);
        }
    }

    public RedisConfig withTimeout(Duration t) {
        return new RedisConfig(t, keyPrefix, chunkSize, compactAfter);
    }

    public RedisConfig withKeyPrefix(String p) {
        return new RedisConfig(timeout, p, chunkSize, compactAfter);
    }
}
