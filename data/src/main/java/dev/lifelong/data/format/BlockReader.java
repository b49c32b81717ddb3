package dev.lifelong.data.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.FloatBuffer;

/**
 * Reads a body laid out by {@link ChecksummedWriter} in order: small scalars, then aligned typed blocks that are
 * handed out as memory-mapped views without copying. Every length read from the file is checked against what
 * is left, so a corrupt length fails with {@link CorruptFileException} rather than an allocation or index error.
 */
public final class BlockReader {

    private final ChecksummedFile file;
    private long pos;

    public BlockReader(ChecksummedFile file) {
        this.file = file;
        this.pos = file.bodyStart();
    }

    public long position() {
        return pos;
    }

    public int readInt() throws IOException {
        int v = file.map(pos, 4).getInt();
        pos += 4;
        return v;
    }

    public long readLong() throws IOException {
        long v = file.map(pos, 8).getLong();
        pos += 8;
        return v;
    }

    /** {@code count} ints as a mapped view (the block is 8-byte aligned first). */
    public IntBuffer ints(long count) throws IOException {
        return block(count, 4).asIntBuffer();
    }

    public LongBuffer longs(long count) throws IOException {
        return block(count, 8).asLongBuffer();
    }

    public FloatBuffer floats(long count) throws IOException {
        return block(count, 4).asFloatBuffer();
    }

    public ByteBuffer bytes(long count) throws IOException {
        return block(count, 1);
    }

    /** A non-negative count that must fit what is left of the body at {@code width} bytes per item. */
    public long checkedCount(long count, int width, String what) throws CorruptFileException {
        if (count < 0 || count > (file.bodyEnd() - pos) / Math.max(width, 1)) {
            throw new CorruptFileException(file.path(), what + " count " + count + " does not fit the file");
        }
        return count;
    }

    /**
     * A UTF-8 string as {@link ChecksummedWriter#writeString} wrote it, from a body buffer.
     *
     * @throws IllegalArgumentException when the length prefix does not fit what is left
     */
    public static String string(ByteBuffer b) {
        int len = b.getInt();
        if (len < 0 || len > b.remaining()) {
            throw new IllegalArgumentException("bad string length " + len);
        }
        byte[] s = new byte[len];
        b.get(s);
        return new String(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private ByteBuffer block(long count, int width) throws IOException {
        pos = (pos + 7) & ~7L;
        long bytes = count * width;
        ByteBuffer b = file.map(pos, bytes);
        pos += bytes;
        return b;
    }
}
