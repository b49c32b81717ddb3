package dev.lifelong.store.codec;

import static dev.lifelong.store.Histories.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifelong.store.Behaviours;
import dev.lifelong.store.Histories;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class ChunkCodecTest {

    @Test
    void roundTripsAndSkips() {
        Behaviours h = Histories.taobaoLike(500, 11, true);
        byte[] chunk = ChunkCodec.encode(h, 0, h.size());
        Behaviours got = new Behaviours();
        ChunkCodec.decode(chunk, got);
        assertThat(rows(got)).isEqualTo(rows(h));
        got.clear();
        ChunkCodec.decode(chunk, 480, got);
        assertThat(rows(got)).isEqualTo(rows(h, 480, 500));
        ChunkCodec.decode(chunk, 500, got);
        assertThat(got.size()).isEqualTo(20);
        ChunkCodec.Header header = ChunkCodec.header(chunk);
        assertThat(header).isEqualTo(new ChunkCodec.Header(500, h.time(0), h.time(499)));
        assertThat(ChunkCodec.count(chunk)).isEqualTo(500);
    }

    @Test
    void aMiddleRangeAndExtremeTimesRoundTrip() {
        Behaviours h = new Behaviours().add("a", null, null, 1f, Long.MIN_VALUE / 2).add("b", "c", "t", 2f, -1)
                .add("c", null, null, Float.NaN, 0).add("d", null, null, 3f, Long.MAX_VALUE / 2);
        Behaviours got = new Behaviours();
        ChunkCodec.decode(ChunkCodec.encode(h, 1, 4), got);
        assertThat(rows(got)).isEqualTo(rows(h, 1, 4));
    }

    @Test
    void valuesTakeTheSmallestModeThatKeepsTheirBits() {
        float[][] cases = {{Float.NaN, Float.NaN}, {0.5f, 5f, Float.NaN, 127f, 0f}, {4f, -0.0f}, {4f, 0.3f},
            {127.5f}, {-1f}, {Float.intBitsToFloat(0x7fc00001)}};
        int[] modeBytes = {0, 1, 4, 4, 4, 4, 4};
        for (int c = 0; c < cases.length; c++) {
            Behaviours h = new Behaviours();
            for (int i = 0; i < cases[c].length; i++) {
                h.add("i", null, null, cases[c][i], i);
            }
            byte[] chunk = ChunkCodec.encode(h, 0, h.size());
            Behaviours got = new Behaviours();
            ChunkCodec.decode(chunk, got);
            for (int i = 0; i < cases[c].length; i++) {
                assertThat(Float.floatToRawIntBits(got.value(i))).as("case %d value %d", c, i)
                        .isEqualTo(Float.floatToRawIntBits(cases[c][i]));
            }
            assertThat(chunk.length).as("case %d", c).isEqualTo(ChunkCodec.encode(emptyValues(h), 0, h.size()).length
                    + modeBytes[c] * h.size());
        }
    }

    /** The same rows with every value NaN: the size of everything but the values. */
    private static Behaviours emptyValues(Behaviours h) {
        Behaviours b = new Behaviours();
        for (int i = 0; i < h.size(); i++) {
            b.add(h.item(i), h.category(i), h.behaviour(i), Float.NaN, h.time(i));
        }
        return b;
    }

    @Test
    void isCompactForTaobaoLikeHistories() {
        Behaviours h = Histories.taobaoLike(512, 5, true);
        byte[] chunk = ChunkCodec.encode(h, 0, h.size());
        // ~4 bytes of numeric item id, 1 byte each for the item and type references, 1-2 for the category's
        // (300 random categories: more than a real user has), ~1 for the time delta, ~1 for the category
        // dictionary. 9.2 measured; as CSV the same rows are about 30 bytes each.
        assertThat((double) chunk.length / h.size()).isLessThan(9.5);
    }

    @Test
    void refusesToEncodeAnUnsortedOrEmptyRange() {
        Behaviours h = new Behaviours().add("a", null, null, 1f, 10).add("b", null, null, 1f, 5);
        assertThatThrownBy(() -> ChunkCodec.encode(h, 0, 2)).hasMessageContaining("must be time-sorted");
        assertThatThrownBy(() -> ChunkCodec.encode(h, 1, 1)).hasMessageContaining("at least one");
    }

    @Test
    void everyTruncationIsReportedAsCorruptAndLeavesTheHolderAsItWas() {
        Behaviours h = Histories.taobaoLike(40, 2, false);
        h.add("v", "c", "pv", 2.5f, h.time(39) + 1);
        byte[] chunk = ChunkCodec.encode(h, 0, h.size());
        Behaviours into = Histories.sequence("keep", 2, 1);
        for (int len = 0; len < chunk.length; len++) {
            byte[] cut = Arrays.copyOf(chunk, len);
            assertThatThrownBy(() -> ChunkCodec.decode(cut, into)).as("length %d", len)
                    .isInstanceOf(CorruptChunkException.class);
            assertThat(into.size()).isEqualTo(2);
        }
        byte[] longer = Arrays.copyOf(chunk, chunk.length + 1);
        assertThatThrownBy(() -> ChunkCodec.decode(longer, into)).hasMessageContaining("1 bytes after the last");
    }

    /** {@code h} in chunks of {@code size} behaviours, oldest first, as a store keeps a user's history. */
    private static List<byte[]> chunks(Behaviours h, int size) {
        List<byte[]> out = new ArrayList<>();
        for (int from = 0; from < h.size(); from += size) {
            out.add(ChunkCodec.encode(h, from, Math.min(h.size(), from + size)));
        }
        return out;
    }

    /** Symbols, their order and the parts' marks included: what the server's mapping relies on. */
    private static List<String> exactly(Behaviours b) {
        List<String> out = new ArrayList<>(rows(b));
        for (int s = 0; s < b.symbolCount(); s++) {
            out.add(s + "=" + b.symbol(s) + "/" + b.number(s));
        }
        for (int r = 0; r <= b.size(); r += 97) {
            out.add("near " + r + ": " + b.partNear(r));
        }
        for (int i = 0; i < b.size(); i++) {
            out.add(b.itemSymbols()[i] + " " + b.categorySymbols()[i] + " " + b.behaviourSymbols()[i]);
        }
        return out;
    }

    /**
     * Two halves decoded at once and joined are the chunks decoded in turn, to every symbol: with a helper
     * pool, with one that refuses, below the size where it splits, and with the oldest chunk cut.
     */
    @Test
    void decodingHalvesAtOnceIsDecodingInTurn() {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (boolean numbered : new boolean[] {true, false}) {
                Behaviours h = Histories.taobaoLike(ChunkCodec.PARALLEL_ROWS + 3000, 5, numbered);
                List<byte[]> chunks = chunks(h, 1000);
                for (int skip : new int[] {0, 1, 999}) {
                    Behaviours inTurn = new Behaviours();
                    for (int c = 0; c < chunks.size(); c++) {
                        ChunkCodec.decode(chunks.get(c), c == 0 ? skip : 0, inTurn);
                    }
                    assertThat(rows(inTurn)).isEqualTo(rows(h, skip, h.size()));
                    for (java.util.concurrent.Executor helper : new java.util.concurrent.Executor[] {pool, null,
                        r -> {
                            throw new RejectedExecutionException("full");
                        }}) {
                        Behaviours atOnce = new Behaviours();
                        ChunkCodec.decodeAll(chunks, skip, atOnce, helper);
                        assertThat(exactly(atOnce)).as("skip %d", skip).isEqualTo(exactly(inTurn));
                    }
                }
                // Below the size at which halves are decoded at once.
                assertThat(exactly(decodeAll(chunks.subList(0, 2), pool))).isEqualTo(exactly(decodeAll(
                        chunks.subList(0, 2), null)));
            }
        } finally {
            pool.shutdown();
        }
    }

    private static Behaviours decodeAll(List<byte[]> chunks, java.util.concurrent.Executor helper) {
        Behaviours b = new Behaviours();
        ChunkCodec.decodeAll(chunks, 0, b, helper);
        return b;
    }

    /** A corrupt chunk in the half a helper decodes is reported as in the other. */
    @Test
    void aCorruptChunkInEitherHalfIsReported() {
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try {
            Behaviours h = Histories.taobaoLike(ChunkCodec.PARALLEL_ROWS + 1024, 6, true);
            for (int bad : new int[] {0, 32}) {
                List<byte[]> chunks = chunks(h, 1024);
                chunks.set(bad, Arrays.copyOf(chunks.get(bad), chunks.get(bad).length - 3));
                assertThatThrownBy(() -> ChunkCodec.decodeAll(chunks, 0, new Behaviours(), pool))
                        .as("chunk %d", bad).isInstanceOf(CorruptChunkException.class);
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Any byte changed anywhere either still decodes or is reported as corrupt: never another failure. */
    @Test
    void everyChangedByteDecodesOrIsReportedAsCorrupt() {
        Behaviours h = Histories.taobaoLike(60, 3, true);
        byte[] chunk = ChunkCodec.encode(h, 0, h.size());
        for (int at = 0; at < chunk.length; at++) {
            for (int v : new int[] {0, 1, 0x7F, 0x80, 0xFF}) {
                byte[] changed = chunk.clone();
                changed[at] = (byte) v;
                for (int skip : new int[] {0, 7}) {
                    Behaviours into = Histories.sequence("keep", 2, 1);
                    try {
                        ChunkCodec.decode(changed, skip, into);
                    } catch (CorruptChunkException e) {
                        assertThat(into.size()).as("byte %d = %d, skip %d: nothing appended", at, v, skip)
                                .isEqualTo(2);
                    } catch (IllegalArgumentException e) {
                        assertThat(e).as("byte %d = %d", at, v).hasMessageContaining("cannot skip");
                    }
                }
            }
        }
    }

    @Test
    void aNewerFormatAndInconsistentTimesAreNamed() {
        byte[] chunk = ChunkCodec.encode(Histories.sequence("i", 3, 100), 0, 3);
        byte[] newer = chunk.clone();
        newer[0] = 2;
        assertThatThrownBy(() -> ChunkCodec.decode(newer, new Behaviours()))
                .hasMessageContaining("chunk format version 2 is newer than this build reads (1)");
        byte[] wrongSpan = chunk.clone();
        wrongSpan[4] = 3;   // version, n, zigzag(100) = 200 (2 bytes), span
        assertThatThrownBy(() -> ChunkCodec.decode(wrongSpan, new Behaviours()))
                .hasMessageContaining("time deltas add up to 2, the header says 3");
    }
}
