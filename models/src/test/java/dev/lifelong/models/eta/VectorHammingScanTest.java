package dev.lifelong.models.eta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifelong.core.kernel.Kernels;
import dev.lifelong.core.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The vector pass against the scalar one. On a JDK without the Vector API's {@code BIT_COUNT} (17) the vector
 * pass counts bits by shifts, so the layout, the packed distances, the masks and the tails are checked there
 * too; on JDK 19 and later the API's count is.
 */
class VectorHammingScanTest {

    @Test
    void theLayoutTransposesWholeBlocksAndKeepsTheTail() {
        int n = 2 * VectorHammingScan.BLOCK + 5;
        long[] sigs = new long[n];
        for (int i = 0; i < n; i++) {
            sigs[i] = 1000 + i;
        }
        long[] laid = VectorHammingScan.layout(sigs, n);
        assertThat(laid).hasSize(n);
        // Vector j of a block holds position 8 l + j in lane l.
        assertThat(laid[0]).isEqualTo(1000);
        assertThat(laid[1]).isEqualTo(1008);
        assertThat(laid[3]).isEqualTo(1024);
        assertThat(laid[4]).isEqualTo(1001);
        assertThat(laid[VectorHammingScan.BLOCK + 31]).isEqualTo(1000 + VectorHammingScan.BLOCK + 31);
        assertThat(Arrays.copyOfRange(laid, 2 * VectorHammingScan.BLOCK, n))
                .containsExactly(Arrays.copyOfRange(sigs, 2 * VectorHammingScan.BLOCK, n));
        long[] sorted = laid.clone();
        Arrays.sort(sorted);
        assertThat(sorted).containsExactly(sigs);
    }

    /** Every position and distance the scalar pass keeps, in the same order, at every bound and length. */
    @Test
    void keepsWhatTheScalarPassKeeps() {
        Rng rng = new Rng(17);
        for (int t = 0; t < 400; t++) {
            int n = rng.nextInt(t < 40 ? 5_000 : 300);
            long target = rng.nextLong();
            long[] sigs = new long[n];
            for (int i = 0; i < n; i++) {
                sigs[i] = switch (t % 4) {
                    case 0 -> rng.nextLong();
                    case 1 -> target ^ (rng.nextLong() & rng.nextLong() & rng.nextLong());   // near the target
                    case 2 -> rng.nextInt(3) == 0 ? target : ~target;                        // distances 0 and 64
                    default -> target ^ (-1L >>> rng.nextInt(64));
                };
            }
            int bound = t % 5 == 0 ? 64 : rng.nextInt(65);
            int[] pos = new int[n];
            int[] dist = new int[n];
            int c = VectorHammingScan.within(sigs, VectorHammingScan.layout(sigs, n), n, target, bound, pos, dist,
                    new long[n / VectorHammingScan.BLOCK]);
            int expected = 0;
            int[] ePos = new int[n];
            int[] eDist = new int[n];
            for (int i = 0; i < n; i++) {
                int d = Long.bitCount(sigs[i] ^ target);
                if (d <= bound) {
                    ePos[expected] = i;
                    eDist[expected++] = d;
                }
            }
            assertThat(Arrays.copyOf(pos, c)).as("trial %d, n %d, bound %d", t, n, bound)
                    .containsExactly(Arrays.copyOf(ePos, expected));
            assertThat(Arrays.copyOf(dist, c)).as("trial %d", t).containsExactly(Arrays.copyOf(eDist, expected));
        }
    }

    /** The whole selection, with its sampled bound and its retries, is the scalar one's with either pass. */
    @Test
    void theSelectionIsTheSameWithEitherPass() {
        Rng rng = new Rng(23);
        HammingTopK scalar = new HammingTopK();
        HammingTopK vector = new HammingTopK();
        for (int t = 0; t < 120; t++) {
            int n = 1 + rng.nextInt(20_000);
            int k = 1 + rng.nextInt(100);
            long target = rng.nextLong();
            long[] sigs = new long[n];
            for (int i = 0; i < n; i++) {
                sigs[i] = t % 2 == 0 ? rng.nextLong() : target ^ (rng.nextLong() & rng.nextLong());
            }
            int[] x = new int[n];
            int[] y = new int[n];
            int nx = scalar.selectNearest(sigs, n, target, k, 64, x);
            int ny = vector.selectNearest(sigs, VectorHammingScan.layout(sigs, n), n, target, k, 64, y);
            assertThat(Arrays.copyOf(y, ny)).as("trial %d", t).containsExactly(Arrays.copyOf(x, nx));
        }
    }

    @Test
    void autoNeedsACpuWhoseVectorsTheJdkCountsBitsIn() {
        assertThat(HammingScan.choose("scalar", () -> true)).isFalse();
        assertThat(HammingScan.choose("vector", () -> false)).isTrue();
        assertThat(HammingScan.choose("auto", () -> false)).isFalse();
        assertThat(HammingScan.choose(" AUTO ", () -> true))
                .isEqualTo(Kernels.get() != Kernels.scalar() && VectorHammingScan.countsBits());
        assertThatThrownBy(() -> HammingScan.choose("fast", () -> true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lifelong.hamming=fast").hasMessageContaining("auto, vector, scalar");
        assertThat(HammingScan.flagsCountBits("flags\t\t: fpu avx2 avx512f avx512vl avx512_vpopcntdq")).isTrue();
        assertThat(HammingScan.flagsCountBits("flags\t\t: fpu sse4_2 avx2 fma")).isTrue();
        assertThat(HammingScan.flagsCountBits("flags\t\t: fpu sse4_2 popcnt avx")).isFalse();
        assertThat(HammingScan.flagsCountBits("flags\t\t: fpu avx2_like")).isFalse();
    }
}
