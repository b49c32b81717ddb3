package dev.lifelong.data.vocab;

import it.unimi.dsi.fastutil.HashCommon;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.nio.charset.StandardCharsets;

/**
 * Raw values to dense ids, built for the server's request path, which maps thousands of ids per request (a
 * read's symbols, its candidates) between two scorings that evict the tables from the caches. Each slot packs a
 * value's hash with its entry's offset in one long, and an entry holds the id and the characters side by side
 * in one byte array; {@link #ids} first fetches every lookup's slot, then its entry, in independent loads the
 * processor overlaps, and only then compares.
 *
 * <p>Why not a general map of strings: in isolation it is as fast ({@code VocabularyLookupBenchmark}, 3,000
 * fresh ids with cold caches, JDK 17: 319 µs against 324 in a batch, and one lookup at a time through this table
 * is slower, 447), but it spreads over the vocabulary's string objects, 1 MB and more at 20,000 items, where this
 * table takes half that, and the scoring that follows pays for the difference: in {@code bench serve} runs taken
 * in turn, the server's median was 5.66 and 6.37 ms with this table against 7.17 and 6.47 with the map on
 * JDK 17, and 6.51 and 6.11 against 7.38 and 7.70 on JDK 25, most of it in the scoring stage.
 *
 * <p>Values that are canonical decimals ({@link NumericId}) are also found by their number, so a store's
 * numeric ids map without a string being made for them.
 *
 * <p>A value with characters beyond Latin-1 (or a vocabulary too large for the packed layout) goes to a
 * general map instead: the same answers, the old cost.
 */
final class RawIdTable {

    /** Per entry: its id (4 bytes), its length (4 bytes), its characters, one byte each. */
    private static final int HEADER = 8;

    private final long[] slots;      // (hash << 32) | (offset + 1); 0 for empty
    private final int mask;
    private final byte[] entries;
    private final Object2IntOpenHashMap<String> others;
    private final int[] denseNumbers;                // numeric value -> id, when the values are dense enough
    private final Long2IntOpenHashMap sparseNumbers;
    /** Whether every Latin-1 value is in the slots (the others map then holds only values beyond Latin-1). */
    private final boolean packed;

    private RawIdTable(long[] slots, byte[] entries, Object2IntOpenHashMap<String> others, int[] denseNumbers,
                       Long2IntOpenHashMap sparseNumbers, boolean packed) {
        this.slots = slots;
        this.mask = slots.length - 1;
        this.entries = entries;
        this.others = others;
        this.denseNumbers = denseNumbers;
        this.sparseNumbers = sparseNumbers;
        this.packed = packed;
    }

    /**
     * The table of {@code raw[1 ..]} (id i for {@code raw[i]}; {@code raw[0]} is ignored). A value given twice
     * answers with its last id, as a map filled in order would.
     */
    static RawIdTable of(String[] raw) {
        long bytes = 0;
        int packed = 0;
        for (int i = 1; i < raw.length; i++) {
            if (raw[i] != null && latin1(raw[i])) {
                bytes += HEADER + raw[i].length();
                packed++;
            }
        }
        Object2IntOpenHashMap<String> others = new Object2IntOpenHashMap<>();
        others.defaultReturnValue(0);
        boolean pack = bytes <= Integer.MAX_VALUE - 16;
        // At most three quarters full, as a general map: a smaller table stays in cache between requests.
        long[] slots = new long[HashCommon.arraySize(Math.max(1, pack ? packed : 0), 0.75f)];
        byte[] entries = new byte[pack ? (int) bytes : 0];
        int at = 0;
        long maxNumber = -1;
        int numbers = 0;
        for (int i = raw.length - 1; i >= 1; i--) {     // backwards, so that a repeated value keeps its last id
            String s = raw[i];
            if (s == null) {
                continue;
            }
            long n = NumericId.parse(s);
            if (n >= 0) {
                maxNumber = Math.max(maxNumber, n);
                numbers++;
            }
            if (!pack || !latin1(s)) {
                others.putIfAbsent(s, i);
                continue;
            }
            int slot = find(slots, slots.length - 1, entries, s);
            if (slots[slot] != 0) {
                continue;
            }
            slots[slot] = (long) s.hashCode() << 32 | (at + 1L);
            writeInt(entries, at, i);
            writeInt(entries, at + 4, s.length());
            for (int c = 0; c < s.length(); c++) {
                entries[at + HEADER + c] = (byte) s.charAt(c);
            }
            at += HEADER + s.length();
        }
        int[] dense = null;
        Long2IntOpenHashMap sparse = null;
        if (numbers > 0) {
            // An array indexed by value when it is at most a few times the vocabulary: ids from a log's counter.
            if (maxNumber < Math.max(4L * raw.length, 1 << 16)) {
                dense = new int[(int) maxNumber + 1];
            } else {
                sparse = new Long2IntOpenHashMap(numbers);
                sparse.defaultReturnValue(0);
            }
            for (int i = 1; i < raw.length; i++) {
                long n = raw[i] == null ? -1 : NumericId.parse(raw[i]);
                if (n >= 0) {
                    if (dense != null) {
                        dense[(int) n] = i;
                    } else {
                        sparse.put(n, i);
                    }
                }
            }
        }
        return new RawIdTable(slots, entries, others, dense, sparse, pack);
    }

    /** The id of {@code s}, 0 when it is not in the table. */
    int id(String s) {
        int slot = find(slots, mask, entries, s);
        long e = slots[slot];
        if (e != 0) {
            return readInt(entries, (int) e - 1);
        }
        return others.isEmpty() ? 0 : others.getInt(s);
    }

    /**
     * {@code out[j] = id(values[j])} for {@code j < n}. The table's lines for all of them are fetched first, in
     * independent loads the processor overlaps, instead of one miss after another: a read's thousands of ids
     * are looked up in the time of a few misses.
     */
    void ids(String[] values, int n, int[] out) {
        long touched = 0;
        for (int j = 0; j < n; j++) {
            int slot = HashCommon.mix(values[j].hashCode()) & mask;
            out[j] = slot;
            touched += slots[slot];
        }
        for (int j = 0; j < n; j++) {
            long e = slots[out[j]];
            touched += e == 0 ? 0 : entries[(int) e - 1];
        }
        sink = touched;
        for (int j = 0; j < n; j++) {
            out[j] = id(values[j]);
        }
    }

    /**
     * {@code out[j] = id(the text whose UTF-8 bytes are bytes[j][from[j] .. from[j] + length[j]))} for
     * {@code j < n}, fetched as {@link #ids} fetches, without making the strings: an ASCII text's bytes are its
     * Latin-1 characters, which the entries hold, and hash as its string does. Other texts are made strings.
     */
    void idsOfUtf8(byte[][] bytes, int[] from, int[] length, int n, int[] out) {
        long touched = 0;
        for (int j = 0; j < n; j++) {
            int h = hash(bytes[j], from[j], length[j]);
            out[j] = h;
            touched += slots[HashCommon.mix(h) & mask];
        }
        for (int j = 0; j < n; j++) {
            long e = slots[HashCommon.mix(out[j]) & mask];
            touched += e == 0 ? 0 : entries[(int) e - 1];
        }
        sink = touched;
        for (int j = 0; j < n; j++) {
            out[j] = idOfUtf8(bytes[j], from[j], length[j], out[j]);
        }
    }

    /** {@link #id} of a text given by its UTF-8 bytes, whose {@link #hash} is {@code h}. */
    private int idOfUtf8(byte[] b, int from, int len, int h) {
        for (int c = 0; c < len; c++) {
            if (b[from + c] < 0) {
                return id(new String(b, from, len, StandardCharsets.UTF_8));
            }
        }
        for (int slot = HashCommon.mix(h) & mask; ; slot = (slot + 1) & mask) {
            long e = slots[slot];
            if (e == 0) {
                break;
            }
            if ((int) (e >>> 32) == h && matches(entries, (int) e - 1, b, from, len)) {
                return readInt(entries, (int) e - 1);
            }
        }
        // An ASCII value not in the slots is in the others map only when the vocabulary was too large to pack.
        return packed || others.isEmpty() ? 0 : others.getInt(new String(b, from, len, StandardCharsets.ISO_8859_1));
    }

    /** {@link String#hashCode} of an ASCII text from its bytes (of another text, some hash). */
    private static int hash(byte[] b, int from, int len) {
        int h = 0;
        for (int c = 0; c < len; c++) {
            h = 31 * h + b[from + c];
        }
        return h;
    }

    private static boolean matches(byte[] entries, int at, byte[] b, int from, int len) {
        return readInt(entries, at + 4) == len
                && java.util.Arrays.equals(entries, at + HEADER, at + HEADER + len, b, from, from + len);
    }

    /** {@code out[j] = idOfNumber(numbers[j])} for {@code j < n}, fetched as {@link #ids} fetches. */
    void idsOfNumbers(long[] numbers, int n, int[] out) {
        if (denseNumbers != null) {
            long touched = 0;
            for (int j = 0; j < n; j++) {
                long v = numbers[j];
                touched += v >= 0 && v < denseNumbers.length ? denseNumbers[(int) v] : 0;
            }
            sink = touched;
        }
        for (int j = 0; j < n; j++) {
            out[j] = idOfNumber(numbers[j]);
        }
    }

    /**
     * Where the fetching passes leave their sum, so that the compiler keeps their loads. Written by any thread:
     * nothing reads it.
     */
    @SuppressWarnings("unused")
    private static long sink;

    /** The id of the canonical decimal {@code n} ({@link NumericId}), 0 when it is not in the table. */
    int idOfNumber(long n) {
        if (denseNumbers != null) {
            return n >= 0 && n < denseNumbers.length ? denseNumbers[(int) n] : 0;
        }
        return sparseNumbers == null ? 0 : sparseNumbers.get(n);
    }

    /** The slot holding {@code s}, or the empty slot where it would go. */
    private static int find(long[] slots, int mask, byte[] entries, String s) {
        int h = s.hashCode();
        int slot = HashCommon.mix(h) & mask;
        while (true) {
            long e = slots[slot];
            if (e == 0 || ((int) (e >>> 32) == h && matches(entries, (int) e - 1, s))) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    private static boolean matches(byte[] entries, int at, String s) {
        int len = s.length();
        if (readInt(entries, at + 4) != len) {
            return false;
        }
        int from = at + HEADER;
        for (int c = 0; c < len; c++) {
            if ((entries[from + c] & 0xFF) != s.charAt(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean latin1(String s) {
        for (int c = 0; c < s.length(); c++) {
            if (s.charAt(c) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }
}
