package dev.lifelong.data.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One column of a columnar file, spooled to a temporary file while rows stream in, so that a file of many
 * columns can be written in one pass over its rows with bounded memory; {@link #appendTo} then copies it into
 * the final file.
 */
public final class ColumnSpool implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long bytes;

    public ColumnSpool(Path dir, String name) throws IOException {
        this.file = Files.createTempFile(dir, "." + name, ".spool");
        this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE);
    }

    public void putInt(int v) throws IOException {
        ensure(4);
        buf.putInt(v);
    }

    public void putFloat(float v) throws IOException {
        ensure(4);
        buf.putFloat(v);
    }

    public void putByte(byte v) throws IOException {
        ensure(1);
        buf.put(v);
    }

    private void ensure(int n) throws IOException {
        if (buf.remaining() < n) {
            flush();
        }
    }

    private void flush() throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            bytes += channel.write(buf);
        }
        buf.clear();
    }

    /** Copies the column into {@code out}. */
    public void appendTo(ChecksummedWriter out) throws IOException {
        flush();
        ByteBuffer b = ByteBuffer.allocate(1 << 16);
        long pos = 0;
        while (pos < bytes) {
            b.clear();
            int n = channel.read(b, pos);
            out.writeBytes(b.array(), 0, n);
            pos += n;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
    }
}
