package dev.lifelong.data.read;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Lines of a text file, streamed, with their numbers; {@code .gz} files are decompressed on the fly. Lines are
 * decoded as strict UTF-8 one by one, so a line with invalid bytes is reported as such ({@link #validUtf8()})
 * without losing the lines around it. Reports compressed bytes consumed, for progress.
 */
public final class LineSource implements AutoCloseable {

    private final Path path;
    private final CountingStream counting;
    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] chunk = new byte[1 << 16];
    private int pos;
    private int limit;
    private byte[] line = new byte[256];
    private int length;
    private long number;
    private boolean valid;
    private String text;

    public LineSource(Path path) throws IOException {
        this.path = path;
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such file");
        }
        this.counting = new CountingStream(Files.newInputStream(path));
        this.in = path.getFileName().toString().endsWith(".gz")
                ? new GZIPInputStream(new BufferedInputStream(counting, 1 << 16), 1 << 16) : counting;
    }

    public Path path() {
        return path;
    }

    /** Size of the file on disk, for progress. */
    public long size() throws IOException {
        return Files.size(path);
    }

    /** Bytes of the file consumed so far. */
    public long bytesRead() {
        return counting.count;
    }

    /** Advances to the next line; false at the end of the file. */
    public boolean next() throws IOException {
        length = 0;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                limit = in.read(chunk, 0, chunk.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!any) {
                        return false;
                    }
                    break;
                }
            }
            any = true;
            int nl = -1;
            for (int i = pos; i < limit; i++) {
                if (chunk[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            int end = nl < 0 ? limit : nl;
            append(chunk, pos, end - pos);
            pos = nl < 0 ? limit : nl + 1;
            if (nl >= 0) {
                break;
            }
        }
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        number++;
        // A UTF-8 byte-order mark (spreadsheets write one) is not text: left in, it would glue itself to the first
        // field, making user "1" another user, or a header column another name, invisibly.
        if (number == 1 && length >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF) {
            System.arraycopy(line, 3, line, 0, length - 3);
            length -= 3;
        }
        decode();
        return true;
    }

    private void append(byte[] src, int off, int n) {
        if (length + n > line.length) {
            line = java.util.Arrays.copyOf(line, Math.max(line.length * 2, length + n));
        }
        System.arraycopy(src, off, line, length, n);
        length += n;
    }

    private void decode() {
        boolean ascii = true;
        for (int i = 0; i < length; i++) {
            if (line[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            text = new String(line, 0, length, StandardCharsets.ISO_8859_1);
            valid = true;
            return;
        }
        try {
            CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(line, 0, length));
            text = chars.toString();
            valid = true;
        } catch (CharacterCodingException e) {
            text = new String(line, 0, length, StandardCharsets.UTF_8);
            valid = false;
        }
    }

    /** 1-based number of the current line. */
    public long number() {
        return number;
    }

    /** The current line without its terminator (invalid bytes replaced when {@link #validUtf8()} is false). */
    public String text() {
        return text;
    }

    public boolean validUtf8() {
        return valid;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
