package dev.lifelong.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the JDK Vector API, all at one width: the platform's preferred one up to 256 bits (8 floats), or
 * what {@value Kernels#VECTOR_BITS_PROPERTY} asks ({@link Kernels#vectorBits} says why). Loaded only when
 * the {@code jdk.incubator.vector} module is present (see {@link Kernels}); every method has the same contract
 * as its {@link ScalarKernels} twin and is tested against it, tails included (one contract is a layout:
 * {@link #headDots} reads the one {@link #headDotLanes} names, which may differ from the scalar kernels').
 *
 * <p>The GEMMs share one register-blocked micro-kernel: a 4-row by 2-vector tile of C stays in eight
 * accumulators while the k loop streams one row of a B panel and broadcasts four elements of A. The
 * transposed forms only change how A is addressed (a row stride and a column stride) or, for
 * {@code A x B^T}, transpose B once into a per-thread scratch panel so the same micro-kernel applies.
 */
public final class VectorKernels implements FloatKernels {

    private static final VectorSpecies<Float> S = species(Kernels.vectorBits(
            System.getProperty(Kernels.VECTOR_BITS_PROPERTY), preferredBits()));
    private static final int V = S.length();
    /** The interleaved head layout holds 8 floats a vector; at other widths attention keeps the plain layout. */
    private static final boolean INTERLEAVE = V == 8;
    /**
     * Lanes 4-7 then 0-3: a row added to it holds each head's sum in the low half (four heads), in the order the
     * lanes were once extracted and added one by one, so the same bits at fewer instructions.
     */
    private static final VectorShuffle<Float> SWAP_HALVES = INTERLEAVE
            ? VectorShuffle.fromValues(S, 4, 5, 6, 7, 0, 1, 2, 3) : null;
    /** Lanes swapped in pairs within each half. */
    private static final VectorShuffle<Float> SWAP_PAIRS = INTERLEAVE
            ? VectorShuffle.fromValues(S, 2, 3, 0, 1, 6, 7, 4, 5) : null;
    /** Lanes of the second row of four packed a vector (two heads), of the third, of the fourth. */
    private static final VectorMask<Float> SLOT_1_OF_4 = INTERLEAVE ? VectorMask.fromLong(S, 0b00001100) : null;
    private static final VectorMask<Float> SLOT_2_OF_4 = INTERLEAVE ? VectorMask.fromLong(S, 0b00110000) : null;
    private static final VectorMask<Float> SLOT_3_OF_4 = INTERLEAVE ? VectorMask.fromLong(S, 0b11000000) : null;
    /** Lanes 2-7, and lanes 4-7: past the first row of a vector of two heads' rows, or of four heads'. */
    private static final VectorMask<Float> ABOVE_2 = INTERLEAVE ? VectorMask.fromLong(S, 0b11111100) : null;
    private static final VectorMask<Float> ABOVE_4 = INTERLEAVE ? VectorMask.fromLong(S, 0b11110000) : null;
    private static final FloatVector NEGATIVE_INFINITY = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
    /**
     * Below this many rows of A, transposing B for {@code A x B^T} costs more than it saves: a transposed
     * element is a load and a store, a dot product's share of it is under one FMA per row of A. (TWIN scores a
     * whole sequence against its 4 heads this way.)
     */
    private static final int NT_TRANSPOSE_MIN_ROWS = 8;
    /** Rows of B transposed per block: the block's rows and its columns of the copy both stay in L1. */
    private static final int TRANSPOSE_BLOCK = 16;

    static final VectorKernels INSTANCE = new VectorKernels();

    private final ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[0]);

    private VectorKernels() {
    }

    /** The canonical species constants, so C2 sees the same classes everywhere; any other width is the preferred. */
    private static VectorSpecies<Float> species(int bits) {
        return switch (bits) {
            case 128 -> FloatVector.SPECIES_128;
            case 256 -> FloatVector.SPECIES_256;
            case 512 -> FloatVector.SPECIES_512;
            default -> FloatVector.SPECIES_PREFERRED;
        };
    }

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }

    /** The one species every kernel uses. */
    static VectorSpecies<Float> species() {
        return S;
    }

    /** The platform's preferred width, whatever the kernels use. */
    static int preferredBits() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }

    /** Floats per vector. */
    public static int lanes() {
        return V;
    }

    /**
     * Interleaved rows ({@link HeadLayout}) when a vector holds whole groups of every head's dimensions: one
     * chain of fused multiply-adds per half of the row serves all heads, and each head's dot product is the sum
     * of its few lanes. In the plain layout each head needed a lane-by-lane reduction of its own, which took most
     * of this kernel's time (RetrievedRowsBenchmark: 1.1-1.7x faster interleaved, docs/BENCHMARKS.md).
     */
    @Override
    public int headDotLanes(int heads, int headDim) {
        boolean whole = INTERLEAVE && (heads == 2 || heads == 4 || heads == 8) && headDim % (8 / heads) == 0;
        return whole ? 8 : 0;
    }

    /**
     * In the plain layout, one pass over the rows, every head's vectors of a row multiplied while the row is in
     * cache and one reduction per head: called per head and row through {@link #dot}, the same work spent most
     * of its time on per-call set-up for 16-wide heads.
     */
    @Override
    public void headDots(float[] q, int qo, float[][] rows, int[] offsets, int n, int heads, int headDim,
                         float[] out) {
        if (headDotLanes(heads, headDim) != 0) {
            interleavedHeadDots(q, qo, rows, offsets, n, heads, headDim, out);
            return;
        }
        if (headDim % V != 0) {
            Kernels.scalar().headDots(q, qo, rows, offsets, n, heads, headDim, out);
            return;
        }
        for (int i = 0; i < n; i++) {
            float[] r = rows[i];
            int ro = offsets[i];
            for (int j = 0; j < heads; j++) {
                int h0 = j * headDim;
                FloatVector acc = FloatVector.fromArray(S, q, qo + h0).mul(FloatVector.fromArray(S, r, ro + h0));
                for (int t = V; t < headDim; t += V) {
                    acc = FloatVector.fromArray(S, q, qo + h0 + t).fma(FloatVector.fromArray(S, r, ro + h0 + t), acc);
                }
                out[j * n + i] = sum(acc);
            }
        }
    }

    /**
     * {@link #headDots} over rows in the interleaved layout of 8 lanes (the kernels' own 256-bit vectors), 2, 4
     * or 8 heads: each row's lanes ({@link #rowLanes}), then each head's lanes added by swapping halves (and
     * pairs) and adding ({@link #headSums}), so that one lane a head is extracted (lane indices must be
     * constants to compile to register extracts).
     */
    private static void interleavedHeadDots(float[] q, int qo, float[][] rows, int[] offsets, int n, int heads,
                                            int headDim, float[] out) {
        int vectors = heads * headDim / 8;
        for (int i = 0; i < n; i++) {
            FloatVector h = headSums(rowLanes(q, qo, rows[i], offsets[i], vectors), heads);
            switch (heads) {
                case 2 -> {
                    out[i] = h.lane(0);
                    out[n + i] = h.lane(1);
                }
                case 4 -> {
                    out[i] = h.lane(0);
                    out[n + i] = h.lane(1);
                    out[2 * n + i] = h.lane(2);
                    out[3 * n + i] = h.lane(3);
                }
                default -> {
                    out[i] = h.lane(0);
                    out[n + i] = h.lane(1);
                    out[2 * n + i] = h.lane(2);
                    out[3 * n + i] = h.lane(3);
                    out[4 * n + i] = h.lane(4);
                    out[5 * n + i] = h.lane(5);
                    out[6 * n + i] = h.lane(6);
                    out[7 * n + i] = h.lane(7);
                }
            }
        }
    }

    /** One interleaved row's products with the query, lane by lane: even and odd vectors in two chains. */
    private static FloatVector rowLanes(float[] q, int qo, float[] r, int ro, int vectors) {
        FloatVector even = FloatVector.fromArray(S, q, qo).mul(FloatVector.fromArray(S, r, ro));
        FloatVector odd = FloatVector.zero(S);
        int t = 1;
        for (; t + 1 < vectors; t += 2) {
            int a = t * 8;
            int b = a + 8;
            odd = FloatVector.fromArray(S, q, qo + a).fma(FloatVector.fromArray(S, r, ro + a), odd);
            even = FloatVector.fromArray(S, q, qo + b).fma(FloatVector.fromArray(S, r, ro + b), even);
        }
        if (t < vectors) {
            odd = FloatVector.fromArray(S, q, qo + t * 8).fma(FloatVector.fromArray(S, r, ro + t * 8), odd);
        }
        return even.add(odd);
    }

    /**
     * The interleaved lanes of each head (lane l is head {@code l % heads}'s) added up, the total in every lane
     * of that head: pairs, then halves, in the order the lanes were once extracted and added one by one.
     */
    private static FloatVector headSums(FloatVector s, int heads) {
        switch (heads) {
            case 2 -> {
                FloatVector h = s.add(s.rearrange(SWAP_PAIRS));
                return h.add(h.rearrange(SWAP_HALVES));
            }
            case 4 -> {
                return s.add(s.rearrange(SWAP_HALVES));
            }
            default -> {
                return s;
            }
        }
    }

    /** As {@link #headSums}, the largest instead of the sum. */
    private static FloatVector headMax(FloatVector s, int heads) {
        switch (heads) {
            case 2 -> {
                FloatVector h = s.max(s.rearrange(SWAP_PAIRS));
                return h.max(h.rearrange(SWAP_HALVES));
            }
            case 4 -> {
                return s.max(s.rearrange(SWAP_HALVES));
            }
            default -> {
                return s;
            }
        }
    }

    @Override
    public int attendRowsScratch(int n, int heads) {
        return heads * n + 8;
    }

    /**
     * With the interleaved layout, the weights never leave the vectors' lanes: each row's head logits are
     * packed {@code 8 / heads} rows a vector ({@code [row][head]}, as {@link #headSums} leaves them, one blend a
     * row), the softmax runs lane by lane over the rows, the heads' lanes combined once for the maximum and
     * once for the sum, and the pooling reads each row's weights where they lie. Nothing is extracted from a
     * vector and no head's tail of rows is left to scalar code, where the reference takes the weights head by
     * head.
     */
    @Override
    public void attendRows(float[] q, int qo, float[][] keys, float[][] values, int[] offsets, int[] multiplicity,
                           int n, int heads, int headDim, float scale, float[] out, int oo, float[] scores) {
        if (headDotLanes(heads, headDim) == 0) {
            FloatKernels.super.attendRows(q, qo, keys, values, offsets, multiplicity, n, heads, headDim, scale, out,
                    oo, scores);
            return;
        }
        int packed = rowLogits(q, qo, keys, offsets, multiplicity, n, heads, headDim, scale, scores);
        softmaxByLane(scores, packed, heads);
        if (headDim % V == 0) {
            headPool(scores, 1, heads, values, offsets, n, heads, headDim, out, oo);
        } else {
            java.util.Arrays.fill(out, oo, oo + heads * headDim, 0f);
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < heads * headDim; c++) {
                    out[oo + c] = Math.fma(scores[i * heads + c / headDim], values[i][offsets[i] + c], out[oo + c]);
                }
            }
        }
    }

    /**
     * The rows' head logits, scaled and with their {@code ln} multiplicity, {@code 8 / heads} rows a vector into
     * {@code scores}; lanes past the last row hold negative infinity. Returns how many vectors.
     */
    private static int rowLogits(float[] q, int qo, float[][] keys, int[] offsets, int[] multiplicity, int n,
                                 int heads, int headDim, float scale, float[] scores) {
        int vectors = heads * headDim / 8;
        FloatVector sc = FloatVector.broadcast(S, scale);
        int w = 0;
        int i = 0;
        switch (heads) {
            case 2 -> {
                for (; i + 3 < n; i += 4, w += 8) {
                    rowLogit(q, qo, keys, offsets, multiplicity, i, heads, vectors, sc)
                            .blend(rowLogit(q, qo, keys, offsets, multiplicity, i + 1, heads, vectors, sc), SLOT_1_OF_4)
                            .blend(rowLogit(q, qo, keys, offsets, multiplicity, i + 2, heads, vectors, sc), SLOT_2_OF_4)
                            .blend(rowLogit(q, qo, keys, offsets, multiplicity, i + 3, heads, vectors, sc), SLOT_3_OF_4)
                            .intoArray(scores, w);
                }
                // The last, partial vector in one expression per length: vectors merged across branches are
                // not always kept in registers by JDK 17's compiler.
                switch (n - i) {
                    case 1 -> rowLogit(q, qo, keys, offsets, multiplicity, i, heads, vectors, sc)
                            .blend(NEGATIVE_INFINITY, ABOVE_2).intoArray(scores, w);
                    case 2 -> rowLogit(q, qo, keys, offsets, multiplicity, i, heads, vectors, sc)
                            .blend(NEGATIVE_INFINITY, ABOVE_4)
                            .blend(rowLogit(q, qo, keys, offsets, multiplicity, i + 1, heads, vectors, sc), SLOT_1_OF_4)
                            .intoArray(scores, w);
                    case 3 -> rowLogit(q, qo, keys, offsets, multiplicity, i, heads, vectors, sc)
                            .blend(NEGATIVE_INFINITY, SLOT_3_OF_4)
                            .blend(rowLogit(q, qo, keys, offsets, multiplicity, i + 1, heads, vectors, sc), SLOT_1_OF_4)
                            .blend(rowLogit(q, qo, keys, offsets, multiplicity, i + 2, heads, vectors, sc), SLOT_2_OF_4)
                            .intoArray(scores, w);
                    default -> {
                        return w / 8;
                    }
                }
                w += 8;
            }
            case 4 -> {
                for (; i + 1 < n; i += 2, w += 8) {
                    rowLogit(q, qo, keys, offsets, multiplicity, i, heads, vectors, sc)
                            .blend(rowLogit(q, qo, keys, offsets, multiplicity, i + 1, heads, vectors, sc), ABOVE_4)
                            .intoArray(scores, w);
                }
                if (i < n) {
                    rowLogit(q, qo, keys, offsets, multiplicity, i, heads, vectors, sc)
                            .blend(NEGATIVE_INFINITY, ABOVE_4).intoArray(scores, w);
                    w += 8;
                }
            }
            default -> {
                for (; i < n; i++, w += 8) {
                    rowLogit(q, qo, keys, offsets, multiplicity, i, heads, vectors, sc).intoArray(scores, w);
                }
            }
        }
        return w / 8;
    }

    /**
     * Row i's head logits in every lane of each head: the dot times the scale, plus ln of its multiplicity (0
     * for one: the same values, without a branch between two vectors).
     */
    private static FloatVector rowLogit(float[] q, int qo, float[][] keys, int[] offsets, int[] multiplicity, int i,
                                        int heads, int vectors, FloatVector scale) {
        float ln = multiplicity == null ? 0f : LnCounts.of(multiplicity[i]);
        return headSums(rowLanes(q, qo, keys[i], offsets[i], vectors), heads).mul(scale).add(ln);
    }

    /**
     * In-place softmax of each head over the rows packed by {@link #rowLogits}, lane by lane. The lanes past the
     * last row (negative infinity) come out of {@link #exp} as its smallest value, about 1e-38: added to a sum
     * of at least 1 (the largest row's own term) it changes no bit, and no row reads them.
     */
    private static void softmaxByLane(float[] x, int vectors, int heads) {
        FloatVector max = FloatVector.fromArray(S, x, 0);
        for (int v = 1; v < vectors; v++) {
            max = max.max(FloatVector.fromArray(S, x, v * 8));
        }
        max = headMax(max, heads);
        FloatVector sum = FloatVector.zero(S);
        for (int v = 0; v < vectors; v++) {
            FloatVector e = exp(FloatVector.fromArray(S, x, v * 8).sub(max));
            e.intoArray(x, v * 8);
            sum = sum.add(e);
        }
        FloatVector inverse = FloatVector.broadcast(S, 1f).div(headSums(sum, heads));
        for (int v = 0; v < vectors; v++) {
            FloatVector.fromArray(S, x, v * 8).mul(inverse).intoArray(x, v * 8);
        }
    }

    /**
     * Eight vectors of the output at a time, the rows in the outer loop: eight independent chains of fused
     * multiply-adds keep both FMA units busy, where one output vector at a time over all the rows waits out each
     * FMA's latency (a chain per vector, four times slower at 4 heads of 16). Each element is still the same
     * chain, rows in order, so the result does not change.
     */
    @Override
    public void headPool(float[] p, float[][] rows, int[] offsets, int n, int heads, int headDim, float[] out,
                         int oo) {
        if (headDim % V != 0) {
            Kernels.scalar().headPool(p, rows, offsets, n, heads, headDim, out, oo);
            return;
        }
        headPool(p, n, 1, rows, offsets, n, heads, headDim, out, oo);
    }

    /** {@link #headPool} with head j's weight of row i at {@code p[j headStride + i rowStride]}. */
    private static void headPool(float[] p, int headStride, int rowStride, float[][] rows, int[] offsets, int n,
                                 int heads, int headDim, float[] out, int oo) {
        int hk = heads * headDim;
        int c = 0;
        for (; c + 8 * V <= hk; c += 8 * V) {
            pool8(p, headStride, rowStride, rows, offsets, n, headDim, c, out, oo);
        }
        for (; c < hk; c += V) {
            int pj = (c / headDim) * headStride;
            FloatVector acc = FloatVector.zero(S);
            for (int i = 0; i < n; i++) {
                acc = FloatVector.broadcast(S, p[pj + i * rowStride]).fma(FloatVector.fromArray(S, rows[i],
                        offsets[i] + c), acc);
            }
            acc.intoArray(out, oo + c);
        }
    }

    /** Output vectors {@code [c, c + 8V)} of {@link #headPool}; a vector's head is its first float's. */
    private static void pool8(float[] p, int headStride, int rowStride, float[][] rows, int[] offsets, int n,
                              int headDim, int c, float[] out, int oo) {
        int p0 = (c / headDim) * headStride;
        int p1 = ((c + V) / headDim) * headStride;
        int p2 = ((c + 2 * V) / headDim) * headStride;
        int p3 = ((c + 3 * V) / headDim) * headStride;
        int p4 = ((c + 4 * V) / headDim) * headStride;
        int p5 = ((c + 5 * V) / headDim) * headStride;
        int p6 = ((c + 6 * V) / headDim) * headStride;
        int p7 = ((c + 7 * V) / headDim) * headStride;
        FloatVector a0 = FloatVector.zero(S), a1 = FloatVector.zero(S), a2 = FloatVector.zero(S);
        FloatVector a3 = FloatVector.zero(S), a4 = FloatVector.zero(S), a5 = FloatVector.zero(S);
        FloatVector a6 = FloatVector.zero(S), a7 = FloatVector.zero(S);
        for (int i = 0, pi = 0; i < n; i++, pi += rowStride) {
            float[] r = rows[i];
            int o = offsets[i] + c;
            a0 = FloatVector.broadcast(S, p[p0 + pi]).fma(FloatVector.fromArray(S, r, o), a0);
            a1 = FloatVector.broadcast(S, p[p1 + pi]).fma(FloatVector.fromArray(S, r, o + V), a1);
            a2 = FloatVector.broadcast(S, p[p2 + pi]).fma(FloatVector.fromArray(S, r, o + 2 * V), a2);
            a3 = FloatVector.broadcast(S, p[p3 + pi]).fma(FloatVector.fromArray(S, r, o + 3 * V), a3);
            a4 = FloatVector.broadcast(S, p[p4 + pi]).fma(FloatVector.fromArray(S, r, o + 4 * V), a4);
            a5 = FloatVector.broadcast(S, p[p5 + pi]).fma(FloatVector.fromArray(S, r, o + 5 * V), a5);
            a6 = FloatVector.broadcast(S, p[p6 + pi]).fma(FloatVector.fromArray(S, r, o + 6 * V), a6);
            a7 = FloatVector.broadcast(S, p[p7 + pi]).fma(FloatVector.fromArray(S, r, o + 7 * V), a7);
        }
        a0.intoArray(out, oo + c);
        a1.intoArray(out, oo + c + V);
        a2.intoArray(out, oo + c + 2 * V);
        a3.intoArray(out, oo + c + 3 * V);
        a4.intoArray(out, oo + c + 4 * V);
        a5.intoArray(out, oo + c + 5 * V);
        a6.intoArray(out, oo + c + 6 * V);
        a7.intoArray(out, oo + c + 7 * V);
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int n) {
        // Four independent accumulators hide the FMA latency; one horizontal reduction at the end.
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        FloatVector acc2 = FloatVector.zero(S);
        FloatVector acc3 = FloatVector.zero(S);
        int i = 0;
        for (; i + 4 * V <= n; i += 4 * V) {
            acc0 = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc0);
            acc1 = FloatVector.fromArray(S, a, ao + i + V).fma(FloatVector.fromArray(S, b, bo + i + V), acc1);
            acc2 = FloatVector.fromArray(S, a, ao + i + 2 * V).fma(FloatVector.fromArray(S, b, bo + i + 2 * V), acc2);
            acc3 = FloatVector.fromArray(S, a, ao + i + 3 * V).fma(FloatVector.fromArray(S, b, bo + i + 3 * V), acc3);
        }
        for (; i + V <= n; i += V) {
            acc0 = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc0);
        }
        float s = sum(acc0.add(acc1).add(acc2.add(acc3)));
        for (; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    @Override
    public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        FloatVector va = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (; i + V <= n; i += V) {
            FloatVector.fromArray(S, x, xo + i).fma(va, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }

    @Override
    public void scale(float alpha, float[] x, int xo, int n) {
        int i = 0;
        for (; i + V <= n; i += V) {
            FloatVector.fromArray(S, x, xo + i).mul(alpha).intoArray(x, xo + i);
        }
        for (; i < n; i++) {
            x[xo + i] *= alpha;
        }
    }

    /** Lane indices as ints, to shift each lane's sign bit to its place in a 32-bit half word. */
    private static final IntVector LANE_SHIFTS = IntVector.zero(VectorSpecies.of(int.class, S.vectorShape()))
            .addIndex(1);

    @Override
    public long positiveSumBits(float[] a, int ao, float[] b, int bo, int n) {
        // Per lane the reference's branch-free test, (-bits(x + 0)) >>> 31, shifted to its bit of a 32-bit half
        // and OR-ed lane-wise; one OR reduction per half. (VectorMask.toLong is not intrinsic on JDK 17.)
        long word = 0;
        int i = 0;
        for (int half = 0; half < 64 && i + V <= n; half += 32) {
            IntVector acc = IntVector.zero(LANE_SHIFTS.species());
            for (int j = 0; j < 32 && i + V <= n; j += V, i += V) {
                IntVector bits = FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).add(0f)
                        .reinterpretAsInts();
                acc = acc.or(bits.neg().lanewise(VectorOperators.LSHR, 31).lanewise(VectorOperators.LSHL,
                        LANE_SHIFTS.add(j)));
            }
            word |= (acc.reduceLanes(VectorOperators.OR) & 0xFFFFFFFFL) << half;
        }
        for (; i < n; i++) {
            int bits = Float.floatToRawIntBits(a[ao + i] + b[bo + i] + 0f);
            word |= (long) ((-bits) >>> 31) << i;
        }
        return word;
    }

    /** {@link #gemm}'s tiles are two vectors wide. */
    @Override
    public int columnBlock() {
        return 2 * V;
    }

    @Override
    public void prelu(float[] x, int xo, float[] alpha, int ao, float[] out, int oo, int n) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (; i + V <= n; i += V) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.max(zero).add(FloatVector.fromArray(S, alpha, ao + i).mul(v.min(zero))).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            float v = x[xo + i];
            out[oo + i] = Math.max(v, 0f) + alpha[ao + i] * Math.min(v, 0f);
        }
    }

    @Override
    public void add(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        for (; i + V <= n; i += V) {
            FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = a[ao + i] + b[bo + i];
        }
    }

    @Override
    public void gemm(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                     float[] c, int co, int ldc, boolean accumulate) {
        gemmStrided(m, n, k, a, ao, lda, 1, b, bo, ldb, c, co, ldc, accumulate);
    }

    @Override
    public void gemmTN(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                       float[] c, int co, int ldc, boolean accumulate) {
        // A is stored [k, m]: element (i, p) of A^T sits at p * lda + i.
        gemmStrided(m, n, k, a, ao, 1, lda, b, bo, ldb, c, co, ldc, accumulate);
    }

    @Override
    public void gemmNT(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                       float[] c, int co, int ldc, boolean accumulate) {
        if (m < NT_TRANSPOSE_MIN_ROWS) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float s = dot(a, ao + i * lda, b, bo + j * ldb, k);
                    int ci = co + i * ldc + j;
                    c[ci] = accumulate ? c[ci] + s : s;
                }
            }
            return;
        }
        float[] bt = scratch(k * n);
        for (int j0 = 0; j0 < n; j0 += TRANSPOSE_BLOCK) {
            int j1 = Math.min(n, j0 + TRANSPOSE_BLOCK);
            for (int p = 0; p < k; p++) {
                int row = p * n;
                for (int j = j0; j < j1; j++) {
                    bt[row + j] = b[bo + j * ldb + p];
                }
            }
        }
        gemmStrided(m, n, k, a, ao, lda, 1, bt, 0, n, c, co, ldc, accumulate);
    }

    private float[] scratch(int size) {
        float[] s = scratch.get();
        if (s.length < size) {
            s = new float[Math.max(size, s.length * 2)];
            scratch.set(s);
        }
        return s;
    }

    /** {@code C[m,n] (+)= A x B[k,n]} where A(i, p) = a[ao + i * aRow + p * aCol]. */
    private static void gemmStrided(int m, int n, int k, float[] a, int ao, int aRow, int aCol,
                                    float[] b, int bo, int ldb, float[] c, int co, int ldc, boolean accumulate) {
        int j = 0;
        for (; j + 2 * V <= n; j += 2 * V) {
            int i = 0;
            // Six rows at a time, but eight left go as two fours: six and two would leave rows to the slow tile.
            for (; i + 6 <= m && m - i != 8; i += 6) {
                tile6x2(k, a, ao + i * aRow, aRow, aCol, b, bo + j, ldb, c, co + i * ldc + j, ldc, accumulate);
            }
            for (; i + 4 <= m; i += 4) {
                tile4x2(k, a, ao + i * aRow, aRow, aCol, b, bo + j, ldb, c, co + i * ldc + j, ldc, accumulate);
            }
            for (; i < m; i++) {
                tile1x2(k, a, ao + i * aRow, aCol, b, bo + j, ldb, c, co + i * ldc + j, accumulate);
            }
        }
        for (; j + V <= n; j += V) {
            for (int i = 0; i < m; i++) {
                tile1x1(k, a, ao + i * aRow, aCol, b, bo + j, ldb, c, co + i * ldc + j, accumulate);
            }
        }
        if (j < n) {
            for (int i = 0; i < m; i++) {
                int ai = ao + i * aRow;
                int ci = co + i * ldc;
                for (int jj = j; jj < n; jj++) {
                    float s = 0f;
                    for (int p = 0; p < k; p++) {
                        s += a[ai + p * aCol] * b[bo + p * ldb + jj];
                    }
                    c[ci + jj] = accumulate ? c[ci + jj] + s : s;
                }
            }
        }
    }

    /**
     * Six rows by two vectors: twelve accumulators, enough independent fused multiply-adds in flight to cover
     * their latency at two a cycle, where {@link #tile4x2}'s eight are not. Each element is the same chain of
     * fused multiply-adds as in the smaller tiles, so the choice of tile never changes a result.
     *
     * <p>The tiles write their accumulators back through the Vector API's own calls, not a helper of ours: in a
     * method this large C2 stops inlining ordinary calls (its node-count cutoff), and a vector handed to a call
     * it did not inline is boxed, and its add then ran the API's Java fallback. The last two stores of every
     * tile did that, a megabyte of garbage per 1,000 candidates scored.
     */
    private static void tile6x2(int k, float[] a, int a0, int aRow, int aCol, float[] b, int b0, int ldb,
                                float[] c, int c0, int ldc, boolean accumulate) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        int a1 = a0 + aRow;
        int a2 = a1 + aRow;
        int a3 = a2 + aRow;
        int a4 = a3 + aRow;
        int a5 = a4 + aRow;
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * ldb;
            FloatVector b0v = FloatVector.fromArray(S, b, bp);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + V);
            int ap = p * aCol;
            FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
            c00 = x.fma(b0v, c00);
            c01 = x.fma(b1v, c01);
            x = FloatVector.broadcast(S, a[a1 + ap]);
            c10 = x.fma(b0v, c10);
            c11 = x.fma(b1v, c11);
            x = FloatVector.broadcast(S, a[a2 + ap]);
            c20 = x.fma(b0v, c20);
            c21 = x.fma(b1v, c21);
            x = FloatVector.broadcast(S, a[a3 + ap]);
            c30 = x.fma(b0v, c30);
            c31 = x.fma(b1v, c31);
            x = FloatVector.broadcast(S, a[a4 + ap]);
            c40 = x.fma(b0v, c40);
            c41 = x.fma(b1v, c41);
            x = FloatVector.broadcast(S, a[a5 + ap]);
            c50 = x.fma(b0v, c50);
            c51 = x.fma(b1v, c51);
        }
        if (accumulate) {
            c00 = c00.add(FloatVector.fromArray(S, c, c0));
            c01 = c01.add(FloatVector.fromArray(S, c, c0 + V));
            c10 = c10.add(FloatVector.fromArray(S, c, c0 + ldc));
            c11 = c11.add(FloatVector.fromArray(S, c, c0 + ldc + V));
            c20 = c20.add(FloatVector.fromArray(S, c, c0 + 2 * ldc));
            c21 = c21.add(FloatVector.fromArray(S, c, c0 + 2 * ldc + V));
            c30 = c30.add(FloatVector.fromArray(S, c, c0 + 3 * ldc));
            c31 = c31.add(FloatVector.fromArray(S, c, c0 + 3 * ldc + V));
            c40 = c40.add(FloatVector.fromArray(S, c, c0 + 4 * ldc));
            c41 = c41.add(FloatVector.fromArray(S, c, c0 + 4 * ldc + V));
            c50 = c50.add(FloatVector.fromArray(S, c, c0 + 5 * ldc));
            c51 = c51.add(FloatVector.fromArray(S, c, c0 + 5 * ldc + V));
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + V);
        c10.intoArray(c, c0 + ldc);
        c11.intoArray(c, c0 + ldc + V);
        c20.intoArray(c, c0 + 2 * ldc);
        c21.intoArray(c, c0 + 2 * ldc + V);
        c30.intoArray(c, c0 + 3 * ldc);
        c31.intoArray(c, c0 + 3 * ldc + V);
        c40.intoArray(c, c0 + 4 * ldc);
        c41.intoArray(c, c0 + 4 * ldc + V);
        c50.intoArray(c, c0 + 5 * ldc);
        c51.intoArray(c, c0 + 5 * ldc + V);
    }

    private static void tile4x2(int k, float[] a, int a0, int aRow, int aCol, float[] b, int b0, int ldb,
                                float[] c, int c0, int ldc, boolean accumulate) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        int a1 = a0 + aRow;
        int a2 = a1 + aRow;
        int a3 = a2 + aRow;
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * ldb;
            FloatVector b0v = FloatVector.fromArray(S, b, bp);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + V);
            int ap = p * aCol;
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + ap]);
            c00 = x0.fma(b0v, c00);
            c01 = x0.fma(b1v, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + ap]);
            c10 = x1.fma(b0v, c10);
            c11 = x1.fma(b1v, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + ap]);
            c20 = x2.fma(b0v, c20);
            c21 = x2.fma(b1v, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + ap]);
            c30 = x3.fma(b0v, c30);
            c31 = x3.fma(b1v, c31);
        }
        if (accumulate) {
            c00 = c00.add(FloatVector.fromArray(S, c, c0));
            c01 = c01.add(FloatVector.fromArray(S, c, c0 + V));
            c10 = c10.add(FloatVector.fromArray(S, c, c0 + ldc));
            c11 = c11.add(FloatVector.fromArray(S, c, c0 + ldc + V));
            c20 = c20.add(FloatVector.fromArray(S, c, c0 + 2 * ldc));
            c21 = c21.add(FloatVector.fromArray(S, c, c0 + 2 * ldc + V));
            c30 = c30.add(FloatVector.fromArray(S, c, c0 + 3 * ldc));
            c31 = c31.add(FloatVector.fromArray(S, c, c0 + 3 * ldc + V));
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + V);
        c10.intoArray(c, c0 + ldc);
        c11.intoArray(c, c0 + ldc + V);
        c20.intoArray(c, c0 + 2 * ldc);
        c21.intoArray(c, c0 + 2 * ldc + V);
        c30.intoArray(c, c0 + 3 * ldc);
        c31.intoArray(c, c0 + 3 * ldc + V);
    }

    private static void tile1x2(int k, float[] a, int a0, int aCol, float[] b, int b0, int ldb,
                                float[] c, int c0, boolean accumulate) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * ldb;
            FloatVector x = FloatVector.broadcast(S, a[a0 + p * aCol]);
            c00 = x.fma(FloatVector.fromArray(S, b, bp), c00);
            c01 = x.fma(FloatVector.fromArray(S, b, bp + V), c01);
        }
        if (accumulate) {
            c00 = c00.add(FloatVector.fromArray(S, c, c0));
            c01 = c01.add(FloatVector.fromArray(S, c, c0 + V));
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + V);
    }

    private static void tile1x1(int k, float[] a, int a0, int aCol, float[] b, int b0, int ldb,
                                float[] c, int c0, boolean accumulate) {
        FloatVector acc = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            acc = FloatVector.broadcast(S, a[a0 + p * aCol]).fma(FloatVector.fromArray(S, b, b0 + p * ldb), acc);
        }
        if (accumulate) {
            acc = acc.add(FloatVector.fromArray(S, c, c0));
        }
        acc.intoArray(c, c0);
    }

    @Override
    public void softmax(float[] x, int xo, int n, boolean[] valid, int vo) {
        FloatVector negInf = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        FloatVector vmax = negInf;
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += V) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            if (valid != null) {
                v = negInf.blend(v, VectorMask.fromArray(S, valid, vo + i));
            }
            vmax = vmax.max(v);
        }
        float max = vmax.reduceLanes(VectorOperators.MAX);
        for (int i = bound; i < n; i++) {
            if (valid == null || valid[vo + i]) {
                max = Math.max(max, x[xo + i]);
            }
        }
        if (max == Float.NEGATIVE_INFINITY) {
            java.util.Arrays.fill(x, xo, xo + n, 0f);
            return;
        }
        FloatVector vsum = FloatVector.zero(S);
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < bound; i += V) {
            FloatVector e = exp(FloatVector.fromArray(S, x, xo + i).sub(max));
            if (valid != null) {
                e = zero.blend(e, VectorMask.fromArray(S, valid, vo + i));
            }
            e.intoArray(x, xo + i);
            vsum = vsum.add(e);
        }
        float sum = sum(vsum);
        for (int i = bound; i < n; i++) {
            float e = (valid == null || valid[vo + i]) ? (float) Math.exp(x[xo + i] - max) : 0f;
            x[xo + i] = e;
            sum += e;
        }
        scale(1f / sum, x, xo, n);
    }

    @Override
    public void sigmoid(float[] x, int xo, float[] out, int oo, int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += V) {
            sigmoid(FloatVector.fromArray(S, x, xo + i)).intoArray(out, oo + i);
        }
        for (int i = bound; i < n; i++) {
            out[oo + i] = ScalarKernels.sigmoid(x[xo + i]);
        }
    }

    /** 1 / (1 + exp(-z)); exp overflows to +inf for very negative z, giving exactly 0, never NaN. */
    private static FloatVector sigmoid(FloatVector z) {
        return FloatVector.broadcast(S, 1f).div(exp(z.neg()).add(1f));
    }

    /**
     * The loss goes through the scalar kernel (B values per batch: its cost is nothing next to the layers), which
     * keeps log1p exact and deterministic; the gradient, {@code sigmoid(z) - y}, is vectorised.
     */
    @Override
    public double bceWithLogits(float[] logits, int lo, float[] labels, int yo, int n,
                                float[] grad, int go, float gradScale) {
        double loss = ScalarKernels.INSTANCE.bceWithLogits(logits, lo, labels, yo, n, null, 0, gradScale);
        if (grad != null) {
            int bound = S.loopBound(n);
            for (int i = 0; i < bound; i += V) {
                FloatVector z = FloatVector.fromArray(S, logits, lo + i);
                FloatVector y = FloatVector.fromArray(S, labels, yo + i);
                sigmoid(z).sub(y).mul(gradScale).intoArray(grad, go + i);
            }
            for (int i = bound; i < n; i++) {
                grad[go + i] = gradScale * (ScalarKernels.sigmoid(logits[lo + i]) - labels[yo + i]);
            }
        }
        return loss;
    }

    /**
     * Sum of the lanes in lane order. {@code reduceLanes(ADD)} leaves the order unspecified, and from JDK 23 C2
     * reduces in a different order than the interpreter: results would then depend on JIT timing, and a seed
     * would no longer reproduce training bit for bit.
     */
    private static float sum(FloatVector v) {
        if (ORDERED_REDUCTION) {
            return v.reduceLanes(VectorOperators.ADD);
        }
        // Constant lane indices compile to register extracts; a loop or toArray() costs several times more.
        switch (V) {
            case 4:
                return ((v.lane(0) + v.lane(1)) + v.lane(2)) + v.lane(3);
            case 8:
                return ((((((v.lane(0) + v.lane(1)) + v.lane(2)) + v.lane(3)) + v.lane(4)) + v.lane(5)) + v.lane(6))
                        + v.lane(7);
            default:
                float s = 0f;
                for (float f : v.toArray()) {
                    s += f;
                }
                return s;
        }
    }

    /**
     * Until JDK 23, C2 reduces float lanes strictly in lane order, as the interpreter does, so reduceLanes is
     * deterministic and fastest; JDK 23 (JDK-8320725) let C2 reorder Vector API float reductions.
     */
    private static final boolean ORDERED_REDUCTION = Runtime.version().feature() < 23;

    private static final float EXP_HI = 88.3762626647949f;
    private static final float EXP_LO = -87.3365478515625f;
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;

    /**
     * e^x from basic IEEE operations only (Cephes' expf polynomial: x = n ln 2 + r with n = round(x log2 e), a
     * degree-6 polynomial for e^r, 2^n built in the exponent bits), within a few ulp. {@code lanewise(EXP)} calls a math library whose last bit
     * differs between interpreted and compiled code, which would make softmax, and so training, depend on JIT
     * timing; every operation here is exactly specified, so the result is the same wherever it runs.
     */
    static FloatVector exp(FloatVector x) {
        x = x.max(EXP_LO).min(EXP_HI);
        // n = round(x log2 e) by the 1.5 * 2^23 trick, whose bits then also hold n: no conversions, which the
        // JDK 17 Vector API does not compile well.
        FloatVector shifted = x.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUNDER));
        FloatVector n = shifted.sub(ROUNDER);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), x);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector y = FloatVector.broadcast(S, 1.9875691500e-4f);
        y = y.fma(r, FloatVector.broadcast(S, 1.3981999507e-3f));
        y = y.fma(r, FloatVector.broadcast(S, 8.3334519073e-3f));
        y = y.fma(r, FloatVector.broadcast(S, 4.1665795894e-2f));
        y = y.fma(r, FloatVector.broadcast(S, 1.6666665459e-1f));
        y = y.fma(r, FloatVector.broadcast(S, 5.0000001201e-1f));
        y = y.fma(r.mul(r), r).add(1f);
        IntVector bits = (IntVector) shifted.reinterpretAsInts();
        FloatVector pow2n = bits.sub(ROUNDER_BITS - 127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return y.mul(pow2n);
    }

    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer held in the low mantissa bits. */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);

    @Override
    public void adamStep(float[] w, int wo, float[] m, float[] v, int so, float[] g, int go, int n, AdamStep c) {
        int bound = S.loopBound(n);
        float b1c = 1 - c.beta1();
        float b2c = 1 - c.beta2();
        float invSqrtC2 = 1f / c.sqrtC2();
        for (int i = 0; i < bound; i += V) {
            FloatVector wi = FloatVector.fromArray(S, w, wo + i);
            FloatVector gi = FloatVector.fromArray(S, g, go + i).mul(c.gradScale()).add(wi.mul(c.l2()));
            FloatVector mi = FloatVector.fromArray(S, m, so + i).mul(c.beta1()).add(gi.mul(b1c));
            FloatVector vi = FloatVector.fromArray(S, v, so + i).mul(c.beta2()).add(gi.mul(gi).mul(b2c));
            mi.intoArray(m, so + i);
            vi.intoArray(v, so + i);
            FloatVector denom = vi.lanewise(VectorOperators.SQRT).mul(invSqrtC2).add(c.eps());
            wi.sub(mi.mul(c.stepSize()).div(denom)).sub(wi.mul(c.lrDecay())).intoArray(w, wo + i);
        }
        if (bound < n) {
            ScalarKernels.INSTANCE.adamStep(w, wo + bound, m, v, so + bound, g, go + bound, n - bound, c);
        }
    }

    @Override
    public void adagradStep(float[] w, int wo, float[] acc, float[] g, int go, int n, AdagradStep c) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += V) {
            FloatVector wi = FloatVector.fromArray(S, w, wo + i);
            FloatVector gi = FloatVector.fromArray(S, g, go + i).mul(c.gradScale()).add(wi.mul(c.l2()));
            FloatVector a = FloatVector.fromArray(S, acc, wo + i).add(gi.mul(gi));
            a.intoArray(acc, wo + i);
            FloatVector denom = a.lanewise(VectorOperators.SQRT).add(c.eps());
            wi.sub(gi.mul(c.lr()).div(denom)).sub(wi.mul(c.lrDecay())).intoArray(w, wo + i);
        }
        if (bound < n) {
            ScalarKernels.INSTANCE.adagradStep(w, wo + bound, acc, g, go + bound, n - bound, c);
        }
    }
}
