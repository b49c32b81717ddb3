package dev.lifelong.store.codec;

import dev.lifelong.core.parallel.ClaimedChunks;
import dev.lifelong.store.Behaviours;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The binary form of a chunk: a time-sorted run of one user's behaviours, the unit every store writes (a RocksDB
 * value, an element of a Redis list). Self-contained (its own string dictionaries) so a store can read only the
 * chunks it needs, and columnar so decoding is a few tight loops over one array.
 *
 * <pre>
 * byte      format version (1)
 * varint    n                 behaviours, &gt;= 1
 * zigzag    first             time of the oldest behaviour, epoch seconds
 * varint    span              newest - oldest time; with n, readable without decoding the rest
 * varint    di                item dictionary entries, in order of first use
 * di x entry
 * varint    da                attribute dictionary entries (categories and behaviour types), in order of first use
 * da x entry
 * n x varint item             0 = the next item entry not used yet, k &gt; 0 = item entry k - 1 again
 * n x varint category         0 = none, k &gt; 0 = attribute entry k - 1
 * n x varint behaviour type   0 = none, k &gt; 0 = attribute entry k - 1
 * byte      value mode        0: every value is NaN, nothing follows; 1: n x float32 little-endian;
 *                             2: n bytes b, the value b / 2 (b = 255: NaN): ratings in half steps up to 127
 * (n-1) x varint time delta   to the previous behaviour (the run is time-sorted, so never negative)
 *
 * entry: varint h; h odd  -&gt; the numeric id ({@link dev.lifelong.data.vocab.NumericId}) h &gt;&gt;&gt; 1 ("0042" and
 *                             "-1" are not numeric ids and are stored as text)
 *                  h even -&gt; h &gt;&gt;&gt; 1 bytes of UTF-8 follow
 * </pre>
 *
 * Varints are unsigned LEB128. Numeric ids (Taobao's, MovieLens's) take 3-4 bytes in the dictionary instead of
 * 7-8. Items are mostly distinct within a history, so an item's first use costs one byte (0) however large the
 * dictionary; categories and behaviour types have their own small dictionary, so their references stay one
 * byte; a time delta is usually one or two bytes. A dictionary entry becomes a symbol only when a kept row
 * refers to it, and a text one stays its UTF-8 bytes in the chunk until someone asks for its string.
 */
public final class ChunkCodec {

    public static final int VERSION = 1;
    private static final int NAN_BITS = Float.floatToRawIntBits(Float.NaN);

    private ChunkCodec() {
    }

    /** What a chunk's first bytes say, read without decoding its columns. */
    public record Header(int count, long firstTime, long lastTime) {
    }

    /** Encodes rows {@code [from, to)} of {@code b}, which must be time-sorted and non-empty. */
    public static byte[] encode(Behaviours b, int from, int to) {
        ByteOutput out = new ByteOutput(16 + 8 * Math.max(0, to - from));
        encode(b, from, to, out);
        return out.toByteArray();
    }

    /** Appends the encoding of rows {@code [from, to)} of {@code b} to {@code out}. */
    public static void encode(Behaviours b, int from, int to, ByteOutput out) {
        int n = to - from;
        if (n < 1 || from < 0 || to > b.size()) {
            throw new IllegalArgumentException("a chunk holds rows [" + from + ", " + to + ") of " + b.size()
                    + ": at least one, within the holder");
        }
        long[] t = b.times();
        for (int i = from + 1; i < to; i++) {
            if (t[i] < t[i - 1]) {
                throw new IllegalArgumentException("a chunk must be time-sorted: row " + i + " (" + t[i]
                        + ") is older than row " + (i - 1) + " (" + t[i - 1] + ")");
            }
        }
        long span = t[to - 1] - t[from];
        if (span < 0) {
            throw new IllegalArgumentException("time span of the chunk overflows: " + t[from] + " .. " + t[to - 1]);
        }
        // Holder symbol -> entry in the item or the attribute dictionary, -1 until first used.
        int[] itemRef = new int[b.symbolCount()];
        int[] attrRef = new int[b.symbolCount()];
        Arrays.fill(itemRef, -1);
        Arrays.fill(attrRef, -1);
        int[] items = new int[Math.min(b.symbolCount(), n)];
        int[] attrs = new int[Math.min(b.symbolCount(), 2 * n)];
        int di = 0;
        int da = 0;
        int[] item = b.itemSymbols();
        int[] cat = b.categorySymbols();
        int[] beh = b.behaviourSymbols();
        for (int i = from; i < to; i++) {
            di = firstUse(item[i], itemRef, items, di);
            da = firstUse(cat[i], attrRef, attrs, da);
            da = firstUse(beh[i], attrRef, attrs, da);
        }
        out.writeByte(VERSION);
        out.writeVarLong(n);
        out.writeZigZagLong(t[from]);
        out.writeVarLong(span);
        writeDictionary(b, items, di, out);
        writeDictionary(b, attrs, da, out);
        int used = 0;
        for (int i = from; i < to; i++) {
            int r = itemRef[item[i]];
            if (r == used) {
                out.writeVarLong(0);
                used++;
            } else {
                out.writeVarLong(r + 1L);
            }
        }
        for (int i = from; i < to; i++) {
            out.writeVarLong(cat[i] == Behaviours.NONE ? 0 : attrRef[cat[i]] + 1L);
        }
        for (int i = from; i < to; i++) {
            out.writeVarLong(beh[i] == Behaviours.NONE ? 0 : attrRef[beh[i]] + 1L);
        }
        writeValues(b.values(), from, to, out);
        for (int i = from + 1; i < to; i++) {
            out.writeVarLong(t[i] - t[i - 1]);
        }
    }

    private static void writeValues(float[] v, int from, int to, ByteOutput out) {
        boolean allNaN = true;
        boolean halfSteps = true;
        for (int i = from; i < to; i++) {
            allNaN &= Float.floatToRawIntBits(v[i]) == NAN_BITS;
            halfSteps &= halfStep(v[i]) >= 0;
        }
        if (allNaN) {
            out.writeByte(0);
        } else if (halfSteps) {
            out.writeByte(2);
            for (int i = from; i < to; i++) {
                out.writeByte(halfStep(v[i]));
            }
        } else {
            out.writeByte(1);
            for (int i = from; i < to; i++) {
                out.writeFloat(v[i]);
            }
        }
    }

    /** The byte of {@code v} in value mode 2, or -1 when it decodes to other bits (-0.0, 0.3, a NaN payload). */
    private static int halfStep(float v) {
        if (Float.floatToRawIntBits(v) == NAN_BITS) {
            return 255;
        }
        float twice = v * 2f;
        if (!(twice >= 0f && twice <= 254f) || twice != (int) twice) {
            return -1;
        }
        int b = (int) twice;
        return Float.floatToRawIntBits(b / 2f) == Float.floatToRawIntBits(v) ? b : -1;
    }

    /** Gives {@code symbol} the next entry of a dictionary on its first use (an absent attribute takes none). */
    private static int firstUse(int symbol, int[] ref, int[] order, int d) {
        if (symbol != Behaviours.NONE && ref[symbol] < 0) {
            ref[symbol] = d;
            order[d] = symbol;
            return d + 1;
        }
        return d;
    }

    private static void writeDictionary(Behaviours b, int[] symbols, int d, ByteOutput out) {
        out.writeVarLong(d);
        for (int k = 0; k < d; k++) {
            long number = b.number(symbols[k]);
            if (number >= 0) {
                out.writeVarLong(number << 1 | 1);
            } else {
                byte[] utf8 = b.symbol(symbols[k]).getBytes(StandardCharsets.UTF_8);
                out.writeVarLong((long) utf8.length << 1);
                out.writeBytes(utf8);
            }
        }
    }

    public static Header header(byte[] chunk) {
        ByteInput in = new ByteInput(chunk, 0, chunk.length);
        int n = readVersionAndCount(in);
        long first = in.readZigZagLong();
        long span = in.readVarLong();
        if (span < 0) {
            throw new CorruptChunkException("negative time span");
        }
        return new Header(n, first, first + span);
    }

    /** The number of behaviours in a chunk, from its first bytes. */
    public static int count(byte[] chunk) {
        return readVersionAndCount(new ByteInput(chunk, 0, chunk.length));
    }

    private static int readVersionAndCount(ByteInput in) {
        int version = in.readByte();
        if (version != VERSION) {
            throw new CorruptChunkException("chunk format version " + version + (version > VERSION
                    ? " is newer than this build reads (" + VERSION + "): upgrade lifelong" : " is unknown"));
        }
        int n = in.readVarInt(in.remaining(), "behaviour count");
        if (n < 1) {
            throw new CorruptChunkException("empty chunk");
        }
        return n;
    }

    /** Appends every behaviour of {@code chunk} to {@code into}. */
    public static void decode(byte[] chunk, Behaviours into) {
        decode(chunk, 0, into);
    }

    /**
     * Appends the behaviours of {@code chunk} after its first {@code skip} to {@code into}. On a corrupt chunk
     * nothing is appended (symbols may have been) and {@link CorruptChunkException} is thrown.
     */
    public static void decode(byte[] chunk, int skip, Behaviours into) {
        int before = into.size();
        into.markPart();
        try {
            decodeColumns(new ByteInput(chunk, 0, chunk.length), skip, into);
        } catch (CorruptChunkException e) {
            into.truncate(before);
            throw e;
        }
    }

    /**
     * Decodes a user's chunks, oldest first, appending their behaviours to {@code into} after the first
     * {@code skip} of the oldest: as {@link #decode} over each in turn, the same rows and symbols. When they hold
     * {@link #PARALLEL_ROWS} behaviours or more, the two halves of the chunks are decoded at the same time, one
     * into {@code into} and the newer into a second holder, each by this thread or {@code helper}, whichever
     * claims it first ({@link ClaimedChunks}); the two are then joined by {@link Behaviours#appendPart}. A long
     * history's read is half decoding, and a request waits for all of it before scoring starts, while the other
     * cores idle.
     *
     * @param helper where a half may be decoded meanwhile; null for none
     * @throws CorruptChunkException for a corrupt chunk (the first found, in either half; rows of others may
     *                               have been appended)
     */
    public static void decodeAll(List<byte[]> oldestFirst, int skip, Behaviours into, Executor helper) {
        int chunks = oldestFirst.size();
        int[] counts = new int[chunks];
        long total = -skip;
        for (int c = 0; c < chunks; c++) {
            counts[c] = count(oldestFirst.get(c));
            total += counts[c];
        }
        int split = chunks;
        if (helper != null && chunks > 1 && total >= PARALLEL_ROWS) {
            long older = -skip;
            split = 0;
            while (split < chunks - 1 && older + counts[split] <= total / 2) {
                older += counts[split++];
            }
            split = Math.max(1, split);
        }
        if (split == chunks) {
            decodeRun(oldestFirst, 0, chunks, skip, into);
            return;
        }
        int newerFrom = split;
        // Taken out while in use: a read that re-enters on this thread (a pool that runs queued work while
        // waiting) gets a holder of its own.
        Behaviours newer = NEWER.get().clear();
        NEWER.remove();
        try {
            ClaimedChunks.run(2, 1, helper, 1, (task, end) -> {
                if (task == 0) {
                    decodeRun(oldestFirst, 0, newerFrom, skip, into);
                } else {
                    decodeRun(oldestFirst, newerFrom, chunks, 0, newer);
                }
            });
            into.appendPart(newer);
        } finally {
            NEWER.set(newer.clear());   // cleared: it must not keep the chunks it pointed into
        }
    }

    /** The newer half's holder, per calling thread: a reader's threads read one history after another. */
    private static final ThreadLocal<Behaviours> NEWER = ThreadLocal.withInitial(Behaviours::new);

    /**
     * Behaviours from which {@link #decodeAll} decodes two halves at once. Below, a request's own work on its
     * candidates, which runs meanwhile, keeps the other core busy for much of the read: at L = 10^4 halves gained
     * nothing on 2 cores (read stage 2.11 / 2.06 ms as it was, 2.20 / 2.07 in halves); at 10^5 they did.
     */
    public static final int PARALLEL_ROWS = 1 << 15;

    private static void decodeRun(List<byte[]> chunks, int from, int to, int skip, Behaviours into) {
        for (int c = from; c < to; c++) {
            decode(chunks.get(c), c == from ? skip : 0, into);
        }
    }

    private static void decodeColumns(ByteInput in, int skip, Behaviours into) {
        int n = readVersionAndCount(in);
        if (skip < 0 || skip > n) {
            throw new IllegalArgumentException("cannot skip " + skip + " of a chunk of " + n);
        }
        long first = in.readZigZagLong();
        long span = in.readVarLong();
        Dictionary items = Dictionary.read(in, "item dictionary size");
        Dictionary attrs = Dictionary.read(in, "attribute dictionary size");
        int row = into.grow(n - skip) - skip;
        int[] item = into.itemSymbols();
        int used = 0;
        for (int i = 0; i < n; i++) {
            int r = in.readVarInt(used, "item reference");
            int entry = r == 0 ? used++ : r - 1;
            if (entry >= items.size()) {
                throw new CorruptChunkException("item entry " + entry + " beyond the " + items.size() + " stored");
            }
            if (i >= skip) {
                item[row + i] = items.symbol(entry, in, into);
            }
        }
        if (used != items.size()) {
            throw new CorruptChunkException(items.size() + " item entries stored, " + used + " used");
        }
        decodeAttributes(in, n, skip, attrs, into.categorySymbols(), row, into, "category reference");
        decodeAttributes(in, n, skip, attrs, into.behaviourSymbols(), row, into, "behaviour reference");
        float[] value = into.values();
        int mode = in.readByte();
        if (mode == 0) {
            Arrays.fill(value, row + skip, row + n, Float.NaN);
        } else if (mode == 1) {
            in.skip(4L * skip);
            for (int i = skip; i < n; i++) {
                value[row + i] = in.readFloat();
            }
        } else if (mode == 2) {
            in.skip(skip);
            for (int i = skip; i < n; i++) {
                int b = in.readByte();
                value[row + i] = b == 255 ? Float.NaN : b / 2f;
            }
        } else {
            throw new CorruptChunkException("unknown value mode " + mode);
        }
        long[] time = into.times();
        long t = first;
        if (skip == 0) {
            time[row] = t;
        }
        for (int i = 1; i < n; i++) {
            long delta = in.readVarLong();
            if (delta < 0) {
                throw new CorruptChunkException("negative time delta at behaviour " + i);
            }
            t += delta;
            if (i >= skip) {
                time[row + i] = t;
            }
        }
        if (t - first != span) {
            throw new CorruptChunkException("time deltas add up to " + (t - first) + ", the header says " + span);
        }
        if (in.remaining() != 0) {
            throw new CorruptChunkException(in.remaining() + " bytes after the last column");
        }
    }

    private static void decodeAttributes(ByteInput in, int n, int skip, Dictionary attrs, int[] column, int row,
                                         Behaviours into, String what) {
        // The references first, into the column itself, then each turned into its symbol: an attribute
        // dictionary is small, so nearly every reference is one byte and the first loop stays tight.
        for (int i = 0; i < skip; i++) {
            in.readVarInt(attrs.size(), what);
        }
        in.readVarInts(n - skip, attrs.size(), column, row + skip, what);
        for (int i = row + skip; i < row + n; i++) {
            int r = column[i];
            column[i] = r == 0 ? Behaviours.NONE : attrs.symbol(r - 1, in, into);
        }
    }
}
