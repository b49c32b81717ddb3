package dev.lifelong.bench.kernel;

import dev.lifelong.core.kernel.FloatKernels;
import dev.lifelong.core.kernel.Kernels;
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

/** Dot products at embedding widths: the inner loop of attention scores and of SIM/TWIN relevance. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class DotBenchmark {

    @Param({"32", "64", "128"})
    int length;

    @Param({"vector", "scalar"})
    String kernels;

    private FloatKernels k;
    private float[] a;
    private float[] b;

    @Setup
    public void setup() {
        k = KernelChoice.of(kernels);
        SplittableRandom rnd = new SplittableRandom(1);
        a = new float[length];
        b = new float[length];
        for (int i = 0; i < length; i++) {
            a[i] = (float) rnd.nextDouble();
            b[i] = (float) rnd.nextDouble();
        }
    }

    @Benchmark
    public float dot() {
        return k.dot(a, 0, b, 0, length);
    }
}
