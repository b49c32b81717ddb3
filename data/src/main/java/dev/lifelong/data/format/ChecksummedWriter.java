package dev.lifelong.data.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Writes a lifelong data file: header (magic, format name, version), little-endian body, footer (magic and
 * CRC32C of everything before it). Bytes go to a temporary file beside the target, which {@link #commit()}
 * forces to disk and atomically renames, so a reader never sees a half-written file. Closing without commit
 * deletes the temporary file.
 */
public final class ChecksummedWriter implements AutoCloseable {

    static final int HEADER_MAGIC = 0x4C4C4644;   // "LLFD"
    static final int FOOTER_MAGIC = 0xC0DEF00D;
    private static final int BUFFER = 1 << 16;

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private long position;
    private boolean committed;

    public ChecksummedWriter(Path target, FormatSpec spec) throws IOException {
        this.target = target;
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        this.temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        this.channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        writeInt(HEADER_MAGIC);
        byte[] name = spec.name().getBytes(StandardCharsets.UTF_8);
        writeByte((byte) name.length);
        writeBytes(name, 0, name.length);
        writeInt(spec.version());
        align(8);
    }

    /** Bytes written so far, header included. */
    public long position() {
        return position;
    }

    public void writeByte(byte b) throws IOException {
        ensure(1);
        buf.put(b);
        position++;
    }

    public void writeInt(int v) throws IOException {
        ensure(4);
        buf.putInt(v);
        position += 4;
    }

    public void writeLong(long v) throws IOException {
        ensure(8);
        buf.putLong(v);
        position += 8;
    }

    public void writeFloat(float v) throws IOException {
        ensure(4);
        buf.putFloat(v);
        position += 4;
    }

    public void writeBytes(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            ensure(1);
            int n = Math.min(len, buf.remaining());
            buf.put(b, off, n);
            off += n;
            len -= n;
            position += n;
        }
    }

    /** A UTF-8 string with an int length prefix. */
    public void writeString(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeInt(b.length);
        writeBytes(b, 0, b.length);
    }

    /** Pads with zeros to a multiple of {@code alignment}, so typed views of the next block are aligned. */
    public void align(int alignment) throws IOException {
        while (position % alignment != 0) {
            writeByte((byte) 0);
        }
    }

    private void ensure(int n) throws IOException {
        if (buf.remaining() < n) {
            drain();
        }
    }

    private void drain() throws IOException {
        buf.flip();
        ByteBuffer view = buf.duplicate();
        crc.update(view);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        buf.clear();
    }

    /** Writes the footer, forces the bytes to disk and renames the file into place. */
    public void commit() throws IOException {
        writeInt(FOOTER_MAGIC);
        drain();
        long checksum = crc.getValue();
        writeLong(checksum);
        buf.flip();
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        buf.clear();
        channel.force(true);
        channel.close();
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            channel.close();
            Files.deleteIfExists(temp);
        }
    }
}
