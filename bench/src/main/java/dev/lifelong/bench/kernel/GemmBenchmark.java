package dev.lifelong.bench.kernel;

import dev.lifelong.core.kernel.FloatKernels;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code C[M,N] = A[M,K] x B[K,N]} and the two transposed forms backward uses, on one core. GFLOP/s =
 * 2 M N K / (time per op).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class GemmBenchmark {

    /** M x N x K. */
    @Param({"256x256x256", "1024x64x64", "512x128x192", "8x1100x16"})
    String shape;

    @Param({"vector", "scalar"})
    String kernels;

    private FloatKernels k;
    private int m;
    private int n;
    private int kk;
    private float[] a;
    private float[] b;
    private float[] c;

    @Setup
    public void setup() {
        k = KernelChoice.of(kernels);
        String[] p = shape.split("x");
        m = Integer.parseInt(p[0]);
        n = Integer.parseInt(p[1]);
        kk = Integer.parseInt(p[2]);
        SplittableRandom rnd = new SplittableRandom(2);
        int size = Math.max(m, Math.max(n, kk));
        a = random(rnd, size * size);
        b = random(rnd, size * size);
        c = new float[size * size];
    }

    private static float[] random(SplittableRandom rnd, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = (float) (rnd.nextDouble() - 0.5);
        }
        return x;
    }

    /** Forward: {@code A[M,K] x B[K,N]}. */
    @Benchmark
    public float[] nn() {
        k.gemm(m, n, kk, a, 0, kk, b, 0, n, c, 0, n, false);
        return c;
    }

    /** Backward to the input: {@code A[M,K] x B[N,K]^T}. */
    @Benchmark
    public float[] nt() {
        k.gemmNT(m, n, kk, a, 0, kk, b, 0, kk, c, 0, n, false);
        return c;
    }

    /** Backward to the weight: {@code A[K,M]^T x B[K,N]}, accumulating. */
    @Benchmark
    public float[] tn() {
        k.gemmTN(m, n, kk, a, 0, m, b, 0, n, c, 0, n, true);
        return c;
    }
}
