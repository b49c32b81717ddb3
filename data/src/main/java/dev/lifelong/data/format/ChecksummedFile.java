package dev.lifelong.data.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A lifelong data file opened for reading. {@link #open} checks the header (magic, format name, version) and the
 * footer, and verifies the CRC32C of the whole file, throwing {@link CorruptFileException},
 * {@link FormatTooOldException} or {@link FormatTooNewException}. Blocks of the body are then memory-mapped one
 * by one ({@link #map}), each below 2 GiB, so files of any size work.
 */
public final class ChecksummedFile {

    private static final int FOOTER_BYTES = 12;

    private final Path path;
    private final int version;
    private final long bodyStart;
    private final long bodyEnd;

    private ChecksummedFile(Path path, int version, long bodyStart, long bodyEnd) {
        this.path = path;
        this.version = version;
        this.bodyStart = bodyStart;
        this.bodyEnd = bodyEnd;
    }

    /** Opens and verifies {@code path}, which must hold {@code spec}'s format in a supported version. */
    public static ChecksummedFile open(Path path, FormatSpec spec) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 16 + FOOTER_BYTES) {
                throw new CorruptFileException(path, "only " + size + " bytes, too short for a lifelong file");
            }
            ByteBuffer head = read(ch, 0, (int) Math.min(size, 128));
            if (head.getInt() != ChecksummedWriter.HEADER_MAGIC) {
                throw new CorruptFileException(path, "not a lifelong data file (wrong header magic)");
            }
            int nameLength = head.get() & 0xFF;
            if (nameLength == 0 || nameLength > 64 || head.remaining() < nameLength + 4) {
                throw new CorruptFileException(path, "header format name is garbled");
            }
            byte[] name = new byte[nameLength];
            head.get(name);
            String format = new String(name, StandardCharsets.UTF_8);
            if (!format.equals(spec.name())) {
                throw new CorruptFileException(path, "holds " + format + ", expected " + spec.name());
            }
            int version = head.getInt();
            long footer = size - FOOTER_BYTES;
            ByteBuffer tail = read(ch, footer, FOOTER_BYTES);
            if (tail.getInt() != ChecksummedWriter.FOOTER_MAGIC) {
                throw new CorruptFileException(path, "footer missing: the file is truncated or was not fully written");
            }
            long stored = tail.getLong();
            long computed = crc(ch, footer + 4);
            if (stored != computed) {
                throw new CorruptFileException(path,
                        String.format("checksum mismatch (stored %08x, computed %08x)", stored, computed));
            }
            if (version < spec.oldestVersion()) {
                throw new FormatTooOldException(path, format, version, spec.oldestVersion());
            }
            if (version > spec.version()) {
                throw new FormatTooNewException(path, format, version, spec.version());
            }
            long bodyStart = (head.position() + 7) & ~7L;
            return new ChecksummedFile(path, version, bodyStart, footer);
        }
    }

    private static ByteBuffer read(FileChannel ch, long pos, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                break;
            }
        }
        return b.flip();
    }

    private static long crc(FileChannel ch, long end) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
        long pos = 0;
        while (pos < end) {
            b.clear().limit((int) Math.min(b.capacity(), end - pos));
            int n = ch.read(b, pos);
            if (n < 0) {
                break;
            }
            b.flip();
            crc.update(b);
            pos += n;
        }
        return crc.getValue();
    }

    public Path path() {
        return path;
    }

    /** The version the file was written in. */
    public int version() {
        return version;
    }

    /** Where the body starts (8-byte aligned). */
    public long bodyStart() {
        return bodyStart;
    }

    /** Where the body ends (the footer starts). */
    public long bodyEnd() {
        return bodyEnd;
    }

    /** A read-only, little-endian mapping of {@code [pos, pos + bytes)} of the body. */
    public ByteBuffer map(long pos, long bytes) throws IOException {
        if (pos < bodyStart || bytes < 0 || pos + bytes > bodyEnd) {
            throw new CorruptFileException(path, "block [" + pos + ", " + (pos + bytes) + ") lies outside the body ["
                    + bodyStart + ", " + bodyEnd + ")");
        }
        if (bytes > Integer.MAX_VALUE) {
            throw new CorruptFileException(path, "block of " + bytes + " bytes is larger than one mapping allows");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return ch.map(FileChannel.MapMode.READ_ONLY, pos, bytes).order(ByteOrder.LITTLE_ENDIAN);
        }
    }
}
