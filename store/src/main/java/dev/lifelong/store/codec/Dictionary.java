package dev.lifelong.store.codec;

import dev.lifelong.store.Behaviours;
import dev.lifelong.data.vocab.NumericId;

/**
 * A chunk's dictionary while decoding: each entry's numeric id, or where its text starts, and its holder symbol
 * once a kept row has used it. Entries become symbols on first use only, so reading the tail of a chunk makes
 * none for entries only the skipped behaviours use; numeric entries become long symbols, with no string.
 */
final class Dictionary {

    /** A numeric id ({@code >= 0}), or {@code -1 - position} of a text entry's header. */
    private final long[] entry;
    /** Holder symbol + 1 of each entry, 0 until first used. */
    private final int[] symbol;

    private Dictionary(long[] entry) {
        this.entry = entry;
        this.symbol = new int[entry.length];
    }

    /** Reads the entry count and the entries, stepping over the text ones. */
    static Dictionary read(ByteInput in, String what) {
        int d = in.readVarInt(in.remaining(), what);
        long[] entry = new long[d];
        for (int k = 0; k < d; k++) {
            int position = in.position();
            long h = in.readVarLong();
            if ((h & 1) == 1) {
                if ((h >>> 1) > NumericId.MAX) {
                    throw new CorruptChunkException("numeric id " + (h >>> 1) + " has more than 18 digits");
                }
                entry[k] = h >>> 1;
            } else {
                in.skip(h >>> 1);
                entry[k] = -1L - position;
            }
        }
        return new Dictionary(entry);
    }

    int size() {
        return entry.length;
    }

    /** The holder's symbol for entry {@code k}, made on first use. */
    int symbol(int k, ByteInput in, Behaviours into) {
        int s = symbol[k] - 1;
        if (s >= 0) {
            return s;
        }
        long e = entry[k];
        // The entries of one dictionary are distinct, so they need no lookup in the holder's symbol table.
        if (e >= 0) {
            s = into.addNumber(e);
        } else {
            int back = in.position();
            in.seek((int) (-1L - e));
            int len = (int) (in.readVarLong() >>> 1);
            // Kept as bytes: a server maps them to its ids by their bytes, and most are never made strings.
            s = into.addUtf8Symbol(in.array(), in.position(), len);
            in.seek(back);
        }
        symbol[k] = s + 1;
        return s;
    }
}
