package dev.lifelong.store.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts behind every operation. Each touches one user's keys (one Cluster slot) and runs atomically,
 * which is what makes appends all-or-nothing, the time-order check race-free across servers, and reads
 * consistent (counts and chunks from the same moment). KEYS are always (chunks, counts, meta).
 */
final class RedisScripts {

    /** ARGV: maxLen. Returns the newest chunks that cover maxLen behaviours, oldest first. */
    static final Script READ = new Script("""
            local counts = redis.call('LRANGE', KEYS[2], 0, -1)
            local need = tonumber(ARGV[1])
            local k, sum = 0, 0
            for i = #counts, 1, -1 do
              if sum >= need then break end
              sum = sum + tonumber(counts[i])
              k = k + 1
            end
            if k == 0 then return {} end
            return redis.call('LRANGE', KEYS[1], -k, -1)
            """);

    /**
     * ARGV: mode ('a' append, 'r' replace), oldest time, newest time, chunk size, then (chunk, count) pairs.
     * Returns {1, stored newest time} when an append reaches into the past (nothing written), else {0, chunks
     * that are not full now trailing the list}.
     */
    static final Script WRITE = new Script("""
            if ARGV[1] == 'r' then
              redis.call('DEL', KEYS[1], KEYS[2])
              redis.call('HDEL', KEYS[3], 't', 's')
            else
              local newest = redis.call('HGET', KEYS[3], 't')
              if newest and tonumber(newest) > tonumber(ARGV[2]) then return {1, newest} end
            end
            local small = tonumber(redis.call('HGET', KEYS[3], 's') or '0')
            for i = 5, #ARGV, 2 do
              redis.call('RPUSH', KEYS[1], ARGV[i])
              redis.call('RPUSH', KEYS[2], ARGV[i + 1])
              if tonumber(ARGV[i + 1]) < tonumber(ARGV[4]) then small = small + 1 else small = 0 end
            end
            if #ARGV >= 5 then redis.call('HSET', KEYS[3], 't', ARGV[3], 's', small) end
            redis.call('HINCRBY', KEYS[3], 'v', 1)
            return {0, small}
            """);

    /** No ARGV. Returns {version, trailing chunks that are not full...} (just {version} if fewer than two). */
    static final Script COMPACT_READ = new Script("""
            local v = redis.call('HGET', KEYS[3], 'v') or '0'
            local s = tonumber(redis.call('HGET', KEYS[3], 's') or '0')
            if s < 2 then return {v} end
            local chunks = redis.call('LRANGE', KEYS[1], -s, -1)
            table.insert(chunks, 1, v)
            return chunks
            """);

    /**
     * ARGV: version seen by COMPACT_READ, number of trailing chunks to replace, chunk size, then (chunk, count)
     * pairs. Replaces only if nothing was written since (version unchanged); returns 1 if it did, else 0.
     */
    static final Script COMPACT_WRITE = new Script("""
            if (redis.call('HGET', KEYS[3], 'v') or '0') ~= ARGV[1] then return 0 end
            local s = tonumber(ARGV[2])
            redis.call('LTRIM', KEYS[1], 0, -s - 1)
            redis.call('LTRIM', KEYS[2], 0, -s - 1)
            local small = 0
            for i = 4, #ARGV, 2 do
              redis.call('RPUSH', KEYS[1], ARGV[i])
              redis.call('RPUSH', KEYS[2], ARGV[i + 1])
              if tonumber(ARGV[i + 1]) < tonumber(ARGV[3]) then small = small + 1 else small = 0 end
            end
            redis.call('HSET', KEYS[3], 's', small)
            redis.call('HINCRBY', KEYS[3], 'v', 1)
            return 1
            """);

    private RedisScripts() {
    }

    /** A script's text and SHA-1, which EVALSHA names it by. */
    record Script(String text, String sha) {
        Script(String text) {
            this(text, sha1(text));
        }

        private static String sha1(String text) {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-1");
                return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-1", e);
            }
        }
    }
}
