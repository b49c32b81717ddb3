package dev.lifelong.store.rocksdb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The key layout: {@code varint(len) | user UTF-8 | chunk number, 4 bytes big-endian}. The length prefix makes
 * user prefixes prefix-free (no user's keys start with another user's prefix), and the big-endian number sorts
 * a user's chunks oldest first under RocksDB's bytewise order, so the newest chunk is one {@code seekForPrev}
 * away and reading the last N behaviours walks backwards over adjacent keys.
 */
final class RocksDbKeys {

    /** The largest chunk number; {@code seekForPrev} to it lands on a user's newest chunk. */
    static final long MAX_CHUNK = 0xFFFF_FFFFL;

    private RocksDbKeys() {
    }

    static byte[] prefix(String user) {
        byte[] utf8 = user.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[varintLength(utf8.length) + utf8.length];
        int pos = 0;
        int v = utf8.length;
        while ((v & ~0x7F) != 0) {
            p[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        p[pos++] = (byte) v;
        System.arraycopy(utf8, 0, p, pos, utf8.length);
        return p;
    }

    private static int varintLength(int v) {
        int n = 1;
        while ((v & ~0x7F) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    static byte[] key(byte[] prefix, long chunk) {
        if (chunk < 0 || chunk > MAX_CHUNK) {
            throw new IllegalArgumentException("chunk number " + chunk + " out of range");
        }
        byte[] k = Arrays.copyOf(prefix, prefix.length + 4);
        int p = prefix.length;
        k[p] = (byte) (chunk >>> 24);
        k[p + 1] = (byte) (chunk >>> 16);
        k[p + 2] = (byte) (chunk >>> 8);
        k[p + 3] = (byte) chunk;
        return k;
    }

    /** True when {@code key} (its first {@code len} bytes) is one of the user's chunk keys. */
    static boolean belongs(byte[] key, int len, byte[] prefix) {
        return len == prefix.length + 4 && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    static long chunk(byte[] key) {
        int p = key.length - 4;
        return (key[p] & 0xFFL) << 24 | (key[p + 1] & 0xFFL) << 16 | (key[p + 2] & 0xFFL) << 8 | (key[p + 3] & 0xFFL);
    }
}
