package dev.lifelong.models.eta;

import java.lang.reflect.Field;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Serving's pass over a history's one-word signatures ({@link HammingTopK}'s candidates within a bound) with
 * the Vector API: four signatures a vector, their distances by the API's {@code BIT_COUNT}, which C2 runs as
 * one instruction on a CPU with a vector population count ({@code vpopcntq}) and as byte-shuffle table lookups
 * on other AVX2 CPUs. Loaded only when {@link HammingScan} chose it.
 *
 * <p>The history is laid out once per request in blocks of {@link #BLOCK} (32) signatures, transposed: vector
 * {@code j} of a block holds in lane {@code l} the signature at position {@code 8 l + j}. Each vector's four
 * distances (at most 64: a byte) are shifted into byte {@code j} of their lanes and OR-ed together, so after
 * eight vectors the block's 32 distances sit as 32 bytes in position order, and one byte compare against the
 * bound gives a mask whose bit {@code p} says position {@code p} is within it. The loop has no branch; the
 * few positions that pass (a few percent) are then read off the masks in ascending order, as the selection's
 * ties need. A mask per vector of four, the direct way, spent more moving masks out than it saved (measured,
 * docs/BENCHMARKS.md, developer session 17).
 *
 * <p>On a JDK whose Vector API has no {@code BIT_COUNT} (before 19) the count is formed from shifts and adds,
 * 2-3x slower than scalar code: {@link HammingScan} never chooses this class there by itself, but the form is
 * the same, so tests on any JDK hold the layout and the masks to the scalar pass.
 */
final class VectorHammingScan {

    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_256;
    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_256;
    private static final int LANES = 4;
    /** Signatures per block: eight vectors, one byte of each lane per vector. */
    static final int BLOCK = 8 * LANES;
    /** The API's vector population count (JDK 19 and later), or null. */
    private static final VectorOperators.Unary BIT_COUNT = bitCount();

    private VectorHammingScan() {
    }

    /** True when the JDK's Vector API counts bits itself (else the shift-and-add form is used). */
    static boolean countsBits() {
        return BIT_COUNT != null;
    }

    private static VectorOperators.Unary bitCount() {
        try {
            Field f = VectorOperators.class.getField("BIT_COUNT");
            return (VectorOperators.Unary) f.get(null);
        } catch (ReflectiveOperationException | ClassCastException e) {
            return null;
        }
    }

    /** The first {@code n} signatures in the scan's layout: whole blocks transposed, the tail as it is. */
    static long[] layout(long[] signatures, int n) {
        long[] out = new long[n];
        int whole = n - n % BLOCK;
        for (int b = 0; b < whole; b += BLOCK) {
            for (int j = 0; j < 8; j++) {
                for (int l = 0; l < LANES; l++) {
                    out[b + j * LANES + l] = signatures[b + 8 * l + j];
                }
            }
        }
        System.arraycopy(signatures, whole, out, whole, n - whole);
        return out;
    }

    /**
     * The positions within {@code bound} of {@code target}, ascending, and their distances: what
     * {@link HammingTopK}'s scalar pass keeps, from the same history in the scan's {@code layout}.
     *
     * @param signatures the history's signatures as they are (the tail and the kept distances are read there)
     * @param laidOut    the same, from {@link #layout}
     * @param masks      scratch of at least {@code n / BLOCK} longs
     * @return how many positions were kept
     */
    static int within(long[] signatures, long[] laidOut, int n, long target, int bound, int[] positions,
                      int[] distances, long[] masks) {
        LongVector t = LongVector.broadcast(LONGS, target);
        ByteVector limit = ByteVector.broadcast(BYTES, (byte) bound);
        int blocks = n / BLOCK;
        for (int b = 0; b < blocks; b++) {
            int at = b * BLOCK;
            LongVector packed = distances(laidOut, at, t);
            for (int j = 1; j < 8; j++) {
                packed = packed.or(distances(laidOut, at + j * LANES, t).lanewise(VectorOperators.LSHL, 8 * j));
            }
            masks[b] = packed.reinterpretAsBytes().compare(VectorOperators.LE, limit).toLong();
        }
        int c = 0;
        for (int b = 0; b < blocks; b++) {
            for (long m = masks[b]; m != 0; m &= m - 1) {
                int p = b * BLOCK + Long.numberOfTrailingZeros(m);
                positions[c] = p;
                distances[c++] = Long.bitCount(signatures[p] ^ target);
            }
        }
        for (int p = blocks * BLOCK; p < n; p++) {
            int d = Long.bitCount(signatures[p] ^ target);
            if (d <= bound) {
                positions[c] = p;
                distances[c++] = d;
            }
        }
        return c;
    }

    private static LongVector distances(long[] laidOut, int at, LongVector target) {
        LongVector x = LongVector.fromArray(LONGS, laidOut, at).lanewise(VectorOperators.XOR, target);
        return BIT_COUNT != null ? x.lanewise(BIT_COUNT) : bitCountByShifts(x);
    }

    /** The classic population count in shifts, masks and adds, for JDKs without {@code BIT_COUNT}. */
    private static LongVector bitCountByShifts(LongVector x) {
        x = x.sub(x.lanewise(VectorOperators.LSHR, 1).and(0x5555555555555555L));
        x = x.and(0x3333333333333333L).add(x.lanewise(VectorOperators.LSHR, 2).and(0x3333333333333333L));
        x = x.add(x.lanewise(VectorOperators.LSHR, 4)).and(0x0f0f0f0f0f0f0f0fL);
        x = x.add(x.lanewise(VectorOperators.LSHR, 8));
        x = x.add(x.lanewise(VectorOperators.LSHR, 16));
        x = x.add(x.lanewise(VectorOperators.LSHR, 32));
        return x.and(0x7fL);
    }
}
