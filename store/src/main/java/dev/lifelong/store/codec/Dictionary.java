package dev.lifelong.store.codec;

import dev.lifelong.store.Behaviours;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A chunk's dictionary while decoding: where each entry starts, and its holder symbol once a kept row has used
 * it. Entries are decoded to strings on first use only, so reading the tail of a chunk does not build strings
 * for the behaviours it skips.
 */
final class Dictionary {

    private static final long MAX_NUMBER = 999_999_999_999_999_999L;

    private final int[] start;
    private final int[] symbol;

    private Dictionary(int[] start) {
        this.start = start;
        this.symbol = new int[start.length];
        Arrays.fill(symbol, Integer.MIN_VALUE);
    }

    /** Reads the entry count and steps over the entries, remembering where each starts. */
    static Dictionary read(ByteInput in, String what) {
        int d = in.readVarInt(in.remaining(), what + " dictionary size");
        int[] start = new int[d];
        for (int k = 0; k < d; k++) {
            start[k] = in.position();
            long h = in.readVarLong();
            if ((h & 1) == 0) {
                in.skip(h >>> 1);
            } else if ((h >>> 1) > MAX_NUMBER) {
                throw new CorruptChunkException("numeric " + what + " " + (h >>> 1) + " has more than 18 digits");
            }
        }
        return new Dictionary(start);
    }

    int size() {
        return start.length;
    }

    /** The holder's symbol for entry {@code k}, decoding and interning it on first use. */
    int symbol(int k, ByteInput in, Behaviours into) {
        int s = symbol[k];
        if (s != Integer.MIN_VALUE) {
            return s;
        }
        int back = in.position();
        in.seek(start[k]);
        long h = in.readVarLong();
        String text = (h & 1) == 1 ? Long.toString(h >>> 1)
                : new String(in.array(), in.position(), (int) (h >>> 1), StandardCharsets.UTF_8);
        in.seek(back);
        s = into.intern(text);
        symbol[k] = s;
        return s;
    }
}
