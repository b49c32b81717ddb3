package dev.lifelong.store.codec;

/**
 * A bounds-checked cursor over a byte range: every read that would run past the end throws
 * {@link CorruptChunkException} instead of reading a neighbour's bytes or failing with an index error.
 */
final class ByteInput {

    private final byte[] buf;
    private final int end;
    private int pos;

    ByteInput(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off + len > buf.length) {
            throw new IndexOutOfBoundsException("range [" + off + ", " + (off + len) + ") of " + buf.length);
        }
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
    }

    int position() {
        return pos;
    }

    void seek(int p) {
        pos = p;
    }

    int remaining() {
        return end - pos;
    }

    byte[] array() {
        return buf;
    }

    int readByte() {
        if (pos >= end) {
            throw truncated();
        }
        return buf[pos++] & 0xFF;
    }

    long readVarLong() {
        // One-byte values (most references) take the first branch only, two-byte ones (time deltas of minutes,
        // references into a dictionary of over 127 entries) the second.
        int p = pos;
        if (p < end) {
            byte b0 = buf[p];
            if (b0 >= 0) {
                pos = p + 1;
                return b0;
            }
            if (p + 1 < end && buf[p + 1] >= 0) {
                pos = p + 2;
                return (b0 & 0x7F) | (long) buf[p + 1] << 7;
            }
        }
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw truncated();
            }
            byte b = buf[pos++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new CorruptChunkException("varint longer than 10 bytes at byte " + pos);
    }

    /** A varint that must fit an int and lie in {@code [0, max]}. */
    int readVarInt(int max, String what) {
        long v = readVarLong();
        if (v < 0 || v > max) {
            throw new CorruptChunkException(what + " " + v + " out of range [0, " + max + "] at byte " + pos);
        }
        return (int) v;
    }

    /**
     * {@code n} varints, each in {@code [0, max]}, into {@code out[at ..)}: a column of references, most of them
     * one byte, read without a call per value.
     */
    void readVarInts(int n, int max, int[] out, int at, String what) {
        byte[] b = buf;
        for (int i = 0; i < n; i++) {
            int p = pos;
            if (p < end) {
                int v = b[p];
                if (v >= 0 && v <= max) {
                    pos = p + 1;
                    out[at + i] = v;
                    continue;
                }
            }
            out[at + i] = readVarInt(max, what);
        }
    }

    long readZigZagLong() {
        long v = readVarLong();
        return (v >>> 1) ^ -(v & 1);
    }

    float readFloat() {
        if (end - pos < 4) {
            throw truncated();
        }
        int bits = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16
                | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return Float.intBitsToFloat(bits);
    }

    void skip(long n) {
        if (n < 0 || n > end - pos) {
            throw truncated();
        }
        pos += (int) n;
    }

    private CorruptChunkException truncated() {
        return new CorruptChunkException("chunk truncated at byte " + pos);
    }
}
