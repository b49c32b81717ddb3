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
 * One 64-bit SimHash signature word from two partial projections (ETA's per-distinct-behaviour work in
 * training), over rows of an item table large enough ({@code items} x 64 floats) that reading them is part of
 * the cost, as it is in training.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class SignBitsBenchmark {

    private static final int BITS = 64;

    @Param({"1000", "20000"})
    int items;

    @Param({"vector", "scalar"})
    String kernels;

    private FloatKernels k;
    private float[] itemPartial;
    private float[] categoryPartial;
    private int[] order;
    private int next;

    @Setup
    public void setup() {
        k = KernelChoice.of(kernels);
        SplittableRandom rnd = new SplittableRandom(1);
        itemPartial = new float[items * BITS];
        categoryPartial = new float[100 * BITS];
        for (int i = 0; i < itemPartial.length; i++) {
            itemPartial[i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < categoryPartial.length; i++) {
            categoryPartial[i] = (float) rnd.nextGaussian();
        }
        order = new int[1 << 16];
        for (int i = 0; i < order.length; i++) {
            order[i] = rnd.nextInt(items);
        }
    }

    @Benchmark
    public long signature() {
        int item = order[next++ & (order.length - 1)];
        return k.positiveSumBits(itemPartial, item * BITS, categoryPartial, (item % 100) * BITS, BITS);
    }
}
