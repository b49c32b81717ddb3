package dev.lifelong.store.redis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A user's three keys: {@code <prefix>{<user>}:c} (list of encoded chunks, oldest first), {@code ...:n} (list of
 * their behaviour counts, so a read picks the chunks it needs without fetching the others) and {@code ...:m}
 * (hash: {@code t} newest time, {@code s} how many chunks that are not full trail the list, {@code v} a version
 * bumped by every write, which compaction checks). The braces make the user id the Redis Cluster hash tag, so all three keys sit
 * in one slot and one Lua script can update them atomically. In the id, {@code %} and <code>}</code> are
 * percent-escaped, since a <code>}</code> would end the tag early.
 */
record RedisKeys(byte[] chunks, byte[] counts, byte[] meta) {

    static RedisKeys of(String prefix, String user) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(prefix.length() + user.length() + 8);
        b.writeBytes(prefix.getBytes(StandardCharsets.UTF_8));
        b.write('{');
        for (byte x : user.getBytes(StandardCharsets.UTF_8)) {
            if (x == '%' || x == '}') {
                b.write('%');
                b.write(Character.toUpperCase(Character.forDigit((x >> 4) & 0xF, 16)));
                b.write(Character.toUpperCase(Character.forDigit(x & 0xF, 16)));
            } else {
                b.write(x);
            }
        }
        b.write('}');
        b.write(':');
        byte[] base = b.toByteArray();
        return new RedisKeys(with(base, 'c'), with(base, 'n'), with(base, 'm'));
    }

    private static byte[] with(byte[] base, char suffix) {
        byte[] k = java.util.Arrays.copyOf(base, base.length + 1);
        k[base.length] = (byte) suffix;
        return k;
    }

    byte[][] all() {
        return new byte[][] {chunks, counts, meta};
    }
}
