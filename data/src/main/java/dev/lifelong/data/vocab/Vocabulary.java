package dev.lifelong.data.vocab;

import dev.lifelong.data.format.BlockReader;
import dev.lifelong.data.format.ChecksummedFile;
import dev.lifelong.data.format.ChecksummedWriter;
import dev.lifelong.data.format.CorruptFileException;
import dev.lifelong.data.format.FormatSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Raw ids of one feature mapped to dense ints: id 0 is padding and unknown, ids 1.. are the raw values in order
 * of first appearance in the input, each with its count. Saved as {@code lifelong.vocabulary}.
 */
public final class Vocabulary {

    public static final FormatSpec FORMAT = new FormatSpec("lifelong.vocabulary", 1, 1);

    private final String feature;
    private final String[] raw;
    private final long[] counts;
    /** Built on first use, then only read: safe to share between threads once published. */
    private volatile RawIdTable lookup;
    private volatile String fingerprint;

    Vocabulary(String feature, String[] raw, long[] counts) {
        this.feature = feature;
        this.raw = raw;
        this.counts = counts;
    }

    /** A vocabulary whose ids are the positions in {@code raw} ({@code raw[0]} is ignored: id 0 is unknown). */
    public static Vocabulary of(String feature, String[] raw, long[] counts) {
        if (raw.length != counts.length || raw.length < 1) {
            throw new IllegalArgumentException("raw ids and counts must have the same length >= 1");
        }
        String[] r = raw.clone();
        r[0] = null;
        return new Vocabulary(feature, r, counts.clone());
    }

    public String feature() {
        return feature;
    }

    /** Number of ids including 0, i.e. the rows an embedding table for this feature needs. */
    public int size() {
        return raw.length;
    }

    /** The raw value of {@code id}; null for 0. */
    public String raw(int id) {
        return raw[id];
    }

    /** How often {@code id} occurred in the input (for 0: how many occurrences fell below the min count). */
    public long count(int id) {
        return counts[id];
    }

    /** The dense id of a raw value, 0 when it is unknown. Lock-free once built: servers call it per behaviour. */
    public int id(String rawValue) {
        if (rawValue == null) {
            return 0;
        }
        RawIdTable t = lookup;
        return (t != null ? t : buildLookup()).id(rawValue);
    }

    /**
     * The dense id of the raw value that is the canonical decimal {@code n} ({@link NumericId}), 0 when unknown:
     * {@code id(Long.toString(n))} without making the string.
     */
    public int idOfNumber(long n) {
        RawIdTable t = lookup;
        return (t != null ? t : buildLookup()).idOfNumber(n);
    }

    /**
     * {@code out[j] = id(rawValues[j])} for {@code j < n} (no nulls), faster than one by one: the lookups'
     * cache misses overlap.
     */
    public void ids(String[] rawValues, int n, int[] out) {
        RawIdTable t = lookup;
        (t != null ? t : buildLookup()).ids(rawValues, n, out);
    }

    /**
     * {@code out[j] = id(the text whose UTF-8 bytes are bytes[j][from[j] .. from[j] + length[j]))} for
     * {@code j < n}, as {@link #ids}, making no string for ASCII texts: a store's decoded ids.
     */
    public void idsOfUtf8(byte[][] bytes, int[] from, int[] length, int n, int[] out) {
        RawIdTable t = lookup;
        (t != null ? t : buildLookup()).idsOfUtf8(bytes, from, length, n, out);
    }

    /** {@code out[j] = idOfNumber(numbers[j])} for {@code j < n}, as {@link #ids}. */
    public void idsOfNumbers(long[] numbers, int n, int[] out) {
        RawIdTable t = lookup;
        (t != null ? t : buildLookup()).idsOfNumbers(numbers, n, out);
    }

    /**
     * The first 16 hex digits of the SHA-256 of the raw ids in id order: equal exactly when two vocabularies map
     * the same raw ids to the same dense ids (counts aside), so a model's embedding rows mean the same items.
     * An artifact keeps it; scoring a dataset whose vocabulary has another refuses.
     */
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            try {
                java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
                byte[] length = new byte[4];
                for (int i = 1; i < raw.length; i++) {
                    byte[] b = raw[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    // Each id's length first: ids "ab","c" and "a","bc" must not hash alike.
                    java.nio.ByteBuffer.wrap(length).putInt(b.length);
                    md.update(length);
                    md.update(b);
                }
                f = java.util.HexFormat.of().formatHex(md.digest(), 0, 8);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
            fingerprint = f;
        }
        return f;
    }

    private synchronized RawIdTable buildLookup() {
        if (lookup == null) {
            lookup = RawIdTable.of(raw);
        }
        return lookup;
    }

    public void write(Path file) throws IOException {
        try (ChecksummedWriter w = new ChecksummedWriter(file, FORMAT)) {
            w.writeString(feature);
            w.writeInt(raw.length);
            w.writeLong(counts[0]);
            for (int i = 1; i < raw.length; i++) {
                w.writeString(raw[i]);
                w.writeLong(counts[i]);
            }
            w.commit();
        }
    }

    public static Vocabulary read(Path file) throws IOException {
        ChecksummedFile f = ChecksummedFile.open(file, FORMAT);
        ByteBuffer b = new BlockReader(f).bytes(f.bodyEnd() - f.bodyStart());
        try {
            String feature = BlockReader.string(b);
            int n = b.getInt();
            if (n < 1 || n > b.remaining()) {
                throw new CorruptFileException(file, "vocabulary size " + n + " does not fit the file");
            }
            String[] raw = new String[n];
            long[] counts = new long[n];
            counts[0] = b.getLong();
            for (int i = 1; i < n; i++) {
                raw[i] = BlockReader.string(b);
                counts[i] = b.getLong();
            }
            return new Vocabulary(feature, raw, counts);
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new CorruptFileException(file, "vocabulary entries run past the end of the file");
        }
    }
}
