package dev.lifelong.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Holds every Vector API kernel to its scalar reference on random shapes, ragged tails and empty inputs. */
class VectorKernelsTest {

    private final FloatKernels ref = Kernels.scalar();
    private final FloatKernels vec = Kernels.vector();

    /** Lengths around multiples of every vector width (4, 8, 16 floats), plus zero and one. */
    static IntStream lengths() {
        return IntStream.of(0, 1, 3, 7, 8, 15, 16, 17, 31, 32, 33, 47, 63, 64, 65, 100, 128, 129, 1000);
    }

    @Test
    void vectorKernelsAreActiveInTests() {
        assertThat(Kernels.get().name()).startsWith("vector-");
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void elementwiseKernelsMatchScalar(int n) {
        SplittableRandom rnd = new SplittableRandom(n);
        int off = rnd.nextInt(5);
        float[] a = random(rnd, n + off);
        float[] b = random(rnd, n + off + 3);

        assertThat(vec.dot(a, off, b, 3, n)).isCloseTo(ref.dot(a, off, b, 3, n), within(1e-4f * (1 + n)));

        float[] y1 = b.clone();
        float[] y2 = b.clone();
        ref.axpy(0.7f, a, off, y1, 2, n);
        vec.axpy(0.7f, a, off, y2, 2, n);
        assertClose(y2, y1, 1e-6f);

        float[] s1 = a.clone();
        float[] s2 = a.clone();
        ref.scale(-1.3f, s1, off, n);
        vec.scale(-1.3f, s2, off, n);
        assertClose(s2, s1, 0f);

        float[] o1 = new float[n + 1];
        float[] o2 = new float[n + 1];
        ref.add(a, off, b, 1, o1, 1, n);
        vec.add(a, off, b, 1, o2, 1, n);
        assertClose(o2, o1, 0f);

        if (n >= 1 && n <= 64) {
            float[] c = b.clone();
            c[0] = -a[off];             // an exact zero sum: not positive
            if (n > 1) {
                c[n - 1] = Float.NaN;   // implementations agree on NaN too
            }
            assertThat(vec.positiveSumBits(a, off, c, 0, n)).as("sign bits, n=%d", n)
                    .isEqualTo(ref.positiveSumBits(a, off, c, 0, n));
        }

        float[] z = scaled(random(rnd, n), 30f);
        float[] g1 = new float[n];
        float[] g2 = new float[n];
        ref.sigmoid(z, 0, g1, 0, n);
        vec.sigmoid(z, 0, g2, 0, n);
        assertClose(g2, g1, 1e-6f);

        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rnd.nextBoolean() ? 1f : 0f;
        }
        double l1 = ref.bceWithLogits(z, 0, labels, 0, n, g1, 0, 0.5f);
        double l2 = vec.bceWithLogits(z, 0, labels, 0, n, g2, 0, 0.5f);
        assertThat(l2).isCloseTo(l1, within(1e-5 * (1 + Math.abs(l1))));
        assertClose(g2, g1, 1e-6f);
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void maskedSoftmaxMatchesScalar(int n) {
        SplittableRandom rnd = new SplittableRandom(31 * n + 7);
        float[] x = scaled(random(rnd, n + 2), 20f);
        boolean[] valid = new boolean[n + 1];
        for (int i = 0; i < valid.length; i++) {
            valid[i] = rnd.nextInt(4) != 0;
        }
        for (boolean[] mask : new boolean[][] {null, valid, new boolean[n + 1]}) {
            float[] x1 = x.clone();
            float[] x2 = x.clone();
            ref.softmax(x1, 2, n, mask, 1);
            vec.softmax(x2, 2, n, mask, 1);
            assertClose(x2, x1, 1e-6f);
            double sum = 0;
            boolean anyValid = false;
            for (int i = 0; i < n; i++) {
                assertThat(x2[2 + i]).isNotNaN();
                if (mask != null && !mask[1 + i]) {
                    assertThat(x2[2 + i]).isZero();
                } else {
                    anyValid = true;
                }
                sum += x2[2 + i];
            }
            assertThat(sum).isCloseTo(anyValid ? 1.0 : 0.0, within(1e-5));
        }
    }

    @Test
    void theInterleavedLayoutIsAPermutationAndServesFourHeadsOfSixteen() {
        // interleaved exactly when the kernels' vectors hold 8 floats: at other widths the plain layout serves
        assertThat(vec.headDotLanes(4, 16)).isEqualTo(VectorKernels.lanes() == 8 ? 8 : 0);
        assertThat(ref.headDotLanes(4, 16)).isZero();
        for (int[] shape : new int[][] {{2, 4}, {4, 16}, {8, 2}, {4, 2}}) {
            int[] perm = HeadLayout.permutation(8, shape[0], shape[1]);
            assertThat(java.util.Arrays.stream(perm).sorted().toArray())
                    .isEqualTo(java.util.stream.IntStream.range(0, shape[0] * shape[1]).toArray());
            // one vector of 8 lanes holds 8 / heads consecutive dimensions of every head, head by head
            assertThat(perm[1 * shape[1] + 0]).isEqualTo(1);
        }
        // shapes the layout cannot serve are refused, not laid out wrong
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HeadLayout.permutation(8, 3, 8))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HeadLayout.permutation(8, 4, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void headKernelsOverScatteredRowsMatchScalar() {
        SplittableRandom rnd = new SplittableRandom(17);
        for (int trial = 0; trial < 16; trial++) {
            int headDim = new int[] {3, 8, 16, 32}[trial % 4];
            int heads = new int[] {1, 2, 3, 4, 5, 8, 1 + rnd.nextInt(4), 4}[trial / 2];
            int width = heads * headDim;
            int n = 1 + rnd.nextInt(60);
            float[] table = random(rnd, 200 * width + 7);
            float[] other = random(rnd, 5 * width);
            float[][] rows = new float[n][];
            int[] offsets = new int[n];
            for (int i = 0; i < n; i++) {
                boolean inTable = rnd.nextInt(4) > 0;
                rows[i] = inTable ? table : other;
                offsets[i] = inTable ? rnd.nextInt(200) * width + rnd.nextInt(7) : rnd.nextInt(5) * width;
            }
            float[] q = random(rnd, width + 2);
            float[] d1 = new float[heads * n];
            float[] d2 = new float[heads * n];
            ref.headDots(q, 2, rows, offsets, n, heads, headDim, d1);
            // The vector kernel reads its query and rows in the layout it names for these shapes.
            int[] layout = HeadLayout.permutation(vec.headDotLanes(heads, headDim), heads, headDim);
            float[] qv = q.clone();
            HeadLayout.fromPlain(layout, qv, 2, 1);
            float[][] rowsV = new float[n][];
            for (int i = 0; i < n; i++) {
                rowsV[i] = rows[i].clone();
                HeadLayout.fromPlain(layout, rowsV[i], offsets[i], 1);
            }
            vec.headDots(qv, 2, rowsV, offsets, n, heads, headDim, d2);
            assertClose(d2, d1, 1e-4f * headDim);
            float[] o1 = random(rnd, width + 3);
            float[] o2 = o1.clone();
            ref.headPool(d1, rows, offsets, n, heads, headDim, o1, 3);
            vec.headPool(d1, rows, offsets, n, heads, headDim, o2, 3);
            assertClose(o2, o1, 1e-4f * n);
        }
    }

    /**
     * Attention over scattered rows, whole: the vector kernels keep the weights in their lanes where the layout
     * is interleaved (2, 4 and 8 heads at 256 bits) and take the reference's steps elsewhere; every row count
     * from 1 to 50 leaves each packing a partial last vector, with rows standing for several and for one.
     */
    @Test
    void attendRowsMatchesTheReferenceAtEveryRowCount() {
        SplittableRandom rnd = new SplittableRandom(31);
        int[][] shapes = {{2, 4}, {2, 32}, {4, 2}, {4, 16}, {8, 2}, {8, 8}, {3, 8}, {1, 16}};
        for (int[] shape : shapes) {
            int heads = shape[0];
            int headDim = shape[1];
            int width = heads * headDim;
            for (int n = 1; n <= 50; n++) {
                float[] keys = random(rnd, 60 * width);
                float[] values = random(rnd, 60 * width);
                float[][] keyRows = new float[n][];
                float[][] valueRows = new float[n][];
                int[] offsets = new int[n];
                int[] multiplicity = n % 3 == 0 ? null : new int[n];
                for (int i = 0; i < n; i++) {
                    keyRows[i] = keys;
                    valueRows[i] = values;
                    offsets[i] = rnd.nextInt(60) * width;
                    if (multiplicity != null) {
                        multiplicity[i] = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(40) : 1;
                    }
                }
                float[] q = random(rnd, width + 1);
                for (int c = 0; c < width; c++) {
                    q[1 + c] *= 4;     // sharper weights than the uniform draws give
                }
                float[] expected = new float[width + 2];
                ref.attendRows(q, 1, keyRows, valueRows, offsets, multiplicity, n, heads, headDim, 0.25f, expected, 2,
                        new float[ref.attendRowsScratch(n, heads)]);

                int[] layout = HeadLayout.permutation(vec.headDotLanes(heads, headDim), heads, headDim);
                float[] qv = q.clone();
                HeadLayout.fromPlain(layout, qv, 1, 1);
                float[] keysV = keys.clone();
                HeadLayout.fromPlain(layout, keysV, 0, 60);
                float[][] keyRowsV = new float[n][];
                java.util.Arrays.fill(keyRowsV, keysV);
                float[] actual = new float[width + 2];
                vec.attendRows(qv, 1, keyRowsV, valueRows, offsets, multiplicity, n, heads, headDim, 0.25f, actual, 2,
                        new float[vec.attendRowsScratch(n, heads)]);
                assertClose(actual, expected, 1e-5f);
            }
        }
    }

    @Test
    void preluGivesTheScalarBitsIncludingSignedZerosAndNaN() {
        SplittableRandom rnd = new SplittableRandom(29);
        int n = 5 * VectorKernels.lanes() + 3;
        float[] x = random(rnd, n + 2);
        float[] alpha = random(rnd, n + 1);
        x[2] = 0f;
        x[3] = -0f;
        x[4] = Float.NaN;
        x[5] = Float.NEGATIVE_INFINITY;
        x[n] = -0f;
        float[] a = new float[n + 4];
        float[] b = new float[n + 4];
        ref.prelu(x, 2, alpha, 1, a, 4, n);
        vec.prelu(x, 2, alpha, 1, b, 4, n);
        for (int i = 0; i < a.length; i++) {
            assertThat(Float.floatToRawIntBits(b[i])).as("element %d", i).isEqualTo(Float.floatToRawIntBits(a[i]));
        }
        assertThat(a[4 + 2]).isNaN();
    }

    /**
     * The pooled heads are, element by element, one chain of fused multiply-adds over the rows in order, however
     * many output vectors the kernel computes at once: compared bit for bit to that chain.
     */
    @Test
    void headPoolIsOneChainOfFusedMultiplyAddsPerElement() {
        SplittableRandom rnd = new SplittableRandom(23);
        int v = VectorKernels.lanes();
        for (int[] shape : new int[][] {{4, 2 * v}, {5, 2 * v}, {8, v}, {9, v}, {1, 16 * v}, {3, v}}) {
            int heads = shape[0];
            int headDim = shape[1];
            int width = heads * headDim;
            int n = 1 + rnd.nextInt(120);
            float[] table = random(rnd, 300 * width);
            float[][] rows = new float[n][];
            int[] offsets = new int[n];
            for (int i = 0; i < n; i++) {
                rows[i] = table;
                offsets[i] = rnd.nextInt(300) * width;
            }
            float[] p = random(rnd, heads * n);
            float[] out = new float[width + 5];
            vec.headPool(p, rows, offsets, n, heads, headDim, out, 5);
            for (int c = 0; c < width; c++) {
                float acc = 0f;
                for (int i = 0; i < n; i++) {
                    acc = Math.fma(p[(c / headDim) * n + i], rows[i][offsets[i] + c], acc);
                }
                assertThat(out[5 + c]).as("heads %d x %d, element %d", heads, headDim, c).isEqualTo(acc);
            }
        }
    }

    @Test
    void gemmFormsMatchScalarOnRandomShapes() {
        SplittableRandom rnd = new SplittableRandom(42);
        int[][] shapes = {{0, 5, 3}, {3, 0, 4}, {2, 3, 0}, {1, 1, 1}, {4, 32, 32}, {5, 33, 17},
            {7, 64, 9}, {13, 16, 16}, {33, 47, 31}, {64, 64, 64}, {3, 100, 70}, {130, 17, 65}};
        for (int[] shape : shapes) {
            checkGemm(rnd, shape[0], shape[1], shape[2]);
        }
        for (int t = 0; t < 40; t++) {
            checkGemm(rnd, rnd.nextInt(40), rnd.nextInt(80), rnd.nextInt(50));
        }
    }

    private void checkGemm(SplittableRandom rnd, int m, int n, int k) {
        int pad = rnd.nextInt(3);
        for (boolean accumulate : new boolean[] {false, true}) {
            // C = A[m,k] B[k,n], with leading dimensions wider than the rows.
            float[] a = random(rnd, pad + m * (k + 2) + 2);
            float[] b = random(rnd, pad + k * (n + 1) + 1);
            float[] c1 = random(rnd, pad + m * (n + 3) + 3);
            float[] c2 = c1.clone();
            ref.gemm(m, n, k, a, pad, k + 2, b, pad, n + 1, c1, pad, n + 3, accumulate);
            vec.gemm(m, n, k, a, pad, k + 2, b, pad, n + 1, c2, pad, n + 3, accumulate);
            assertClose(c2, c1, 1e-4f * (1 + k));

            // C = A[m,k] B[n,k]^T
            float[] bt = random(rnd, pad + n * (k + 1) + 1);
            c1 = random(rnd, c1.length);
            c2 = c1.clone();
            ref.gemmNT(m, n, k, a, pad, k + 2, bt, pad, k + 1, c1, pad, n + 3, accumulate);
            vec.gemmNT(m, n, k, a, pad, k + 2, bt, pad, k + 1, c2, pad, n + 3, accumulate);
            assertClose(c2, c1, 1e-4f * (1 + k));

            // C = A[k,m]^T B[k,n]
            float[] at = random(rnd, pad + k * (m + 2) + 2);
            c1 = random(rnd, c1.length);
            c2 = c1.clone();
            ref.gemmTN(m, n, k, at, pad, m + 2, b, pad, n + 1, c1, pad, n + 3, accumulate);
            vec.gemmTN(m, n, k, at, pad, m + 2, b, pad, n + 1, c2, pad, n + 3, accumulate);
            assertClose(c2, c1, 1e-4f * (1 + k));
        }
    }

    /**
     * A row's result does not depend on how many rows are computed with it (the tile it lands in): ETA's
     * refresh of a few changed rows must give the bits a projection of the whole table gives.
     */
    @Test
    void gemmRowsAreBitForBitTheSameWhateverTheTile() {
        SplittableRandom rnd = new SplittableRandom(8);
        for (FloatKernels kernels : new FloatKernels[] {ref, vec}) {
            for (int m = 1; m <= 21; m++) {
                for (int n : new int[] {64, 70, 9}) {
                    int k = 32;
                    float[] a = random(rnd, m * k);
                    float[] b = random(rnd, k * n);
                    float[] all = new float[m * n];
                    float[] rows = new float[m * n];
                    kernels.gemm(m, n, k, a, 0, k, b, 0, n, all, 0, n, false);
                    for (int i = 0; i < m; i++) {
                        kernels.gemm(1, n, k, a, i * k, k, b, 0, n, rows, i * n, n, false);
                    }
                    assertThat(all).as("%s, m=%d n=%d", kernels.name(), m, n).containsExactly(rows);
                }
            }
        }
    }

    @Test
    void scalarGemmFormsAgreeWithEachOther() {
        SplittableRandom rnd = new SplittableRandom(3);
        int m = 6, n = 5, k = 4;
        float[] a = random(rnd, m * k);
        float[] b = random(rnd, k * n);
        float[] bt = new float[n * k];
        float[] at = new float[k * m];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                bt[j * k + p] = b[p * n + j];
            }
            for (int i = 0; i < m; i++) {
                at[p * m + i] = a[i * k + p];
            }
        }
        float[] c = new float[m * n];
        float[] cNt = new float[m * n];
        float[] cTn = new float[m * n];
        ref.gemm(m, n, k, a, 0, k, b, 0, n, c, 0, n, false);
        ref.gemmNT(m, n, k, a, 0, k, bt, 0, k, cNt, 0, n, false);
        ref.gemmTN(m, n, k, at, 0, m, b, 0, n, cTn, 0, n, false);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[i * k + p] * b[p * n + j];
                }
                assertThat(c[i * n + j]).isCloseTo((float) s, within(1e-5f));
            }
        }
        assertClose(cNt, c, 1e-5f);
        assertClose(cTn, c, 1e-5f);
    }

    @Test
    void bceIsStableForExtremeLogits() {
        float[] z = {-1000f, -50f, 0f, 50f, 1000f};
        float[] y = {0f, 1f, 1f, 0f, 1f};
        float[] g = new float[5];
        for (FloatKernels k : new FloatKernels[] {ref, vec}) {
            double loss = k.bceWithLogits(z, 0, y, 0, 5, g, 0, 1f);
            assertThat(loss).isCloseTo(0 + 50 + Math.log(2) + 50 + 0, within(1e-3));
            for (float gi : g) {
                assertThat(gi).isNotNaN();
            }
        }
    }

    static float[] random(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }

    private static float[] scaled(float[] x, float s) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= s;
        }
        return x;
    }

    private static void assertClose(float[] actual, float[] expected, float tol) {
        assertThat(actual.length).isEqualTo(expected.length);
        for (int i = 0; i < actual.length; i++) {
            float diff = Math.abs(actual[i] - expected[i]);
            if (diff > tol * (1 + Math.abs(expected[i]))) {
                throw new AssertionError("index " + i + ": expected " + expected[i] + " but was " + actual[i]
                        + " in " + Arrays.toString(Arrays.copyOf(actual, Math.min(8, actual.length))));
            }
        }
    }
}
