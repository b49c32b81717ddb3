package dev.lifelong.data.format;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads a body as {@link ChecksummedWriter} wrote it value after value (ints, floats, strings, unaligned),
 * through windows of the file mapped in turn. One mapping holds at most 2 GiB, and a model's or checkpoint's
 * body grows past that with a few million items; read this way, a body of any size reads. A length that does not
 * fit what is left fails with {@link CorruptFileException}.
 */
public final class SequentialReader {

    private static final long WINDOW = 1L << 30;

    private final ChecksummedFile file;
    private final long window;
    private ByteBuffer buf;
    private long bufStart;
    private long pos;

    public SequentialReader(ChecksummedFile file) {
        this(file, WINDOW);
    }

    /** With windows of {@code window} bytes (tests make them small to cross many). */
    SequentialReader(ChecksummedFile file, long window) {
        this.file = file;
        this.window = window;
        this.pos = file.bodyStart();
    }

    /** Fails unless {@code n} more bytes are in the body. */
    private void checkLeft(long n) throws CorruptFileException {
        long left = file.bodyEnd() - pos;
        if (n < 0 || n > left) {
            throw new CorruptFileException(file.path(), "a value of " + n + " bytes at byte " + pos + " runs past "
                    + "the body's end (" + left + " bytes left)");
        }
    }

    /** Makes the next {@code n} bytes (at most a window's, or one string's) readable from {@link #buf}. */
    private void need(long n) throws IOException {
        checkLeft(n);
        if (buf == null || pos + n > bufStart + buf.limit()) {
            buf = file.map(pos, Math.min(file.bodyEnd() - pos, Math.max(window, n)));
            bufStart = pos;
        }
        buf.position((int) (pos - bufStart));
    }

    public int readInt() throws IOException {
        need(4);
        pos += 4;
        return buf.getInt();
    }

    public float readFloat() throws IOException {
        need(4);
        pos += 4;
        return buf.getFloat();
    }

    /** A UTF-8 string as {@link ChecksummedWriter#writeString} wrote it. */
    public String readString() throws IOException {
        int len = readInt();
        need(len);
        byte[] s = new byte[len];
        buf.get(s);
        pos += len;
        return new String(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** {@code into.length} floats written one after another, a window's worth at a time. */
    public void readFloats(float[] into) throws IOException {
        checkLeft(4L * into.length);   // all of them must be there, before any is read
        int done = 0;
        while (done < into.length) {
            need(4);
            int n = Math.min(into.length - done, (buf.limit() - buf.position()) / 4);
            if (n == 0) {
                buf = null;   // a float straddles the window's end: the next one starts at it
                continue;
            }
            buf.asFloatBuffer().get(into, done, n);
            buf.position(buf.position() + 4 * n);
            pos += 4L * n;
            done += n;
        }
    }
}
