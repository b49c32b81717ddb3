package dev.lifelong.bench.optim;

import dev.lifelong.bench.ForkKernels;
import dev.lifelong.core.optim.Adam;
import dev.lifelong.core.optim.ParameterUpdater;
import dev.lifelong.core.param.EmbeddingTable;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.ParameterSet;
import dev.lifelong.core.param.SparseRowGradient;
import dev.lifelong.core.random.Rng;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One lazy-Adam step on an embedding table of {@code rows x 32} whose gradient touches 50,000 distinct rows
 * (global-norm computation included). Two table sizes with the same touched rows show that the cost follows
 * the touched rows, not the table. Vector and scalar kernels run in separate forks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public abstract class SparseAdamBenchmark {

    static final int DIM = 32;
    static final int TOUCHED = 50_000;

    @Param({"100000", "1000000"})
    int rows;

    private ParameterUpdater updater;
    private Gradients grads;

    @Setup
    public void setup() {
        ParameterSet ps = new ParameterSet(1);
        EmbeddingTable table = ps.embedding("items", rows, DIM, 0.05);
        updater = new ParameterUpdater(ps, new Adam(1e-3f), new Adam(1e-3f), 0f);
        grads = ps.newGradients();
        SparseRowGradient g = grads.of(table);
        Rng rng = new Rng(3);
        float[] row = new float[DIM];
        while (g.rowCount() < TOUCHED) {
            rng.fillGaussian(row, 0, DIM, 1e-3);
            g.accumulate(1 + rng.nextInt(rows - 1), row, 0, 1f);
        }
        // The first step allocates Adam's moment arrays (2 x rows x 32 floats); keep that out of the timing.
        updater.apply(grads);
    }

    @Benchmark
    public long step() {
        updater.apply(grads);
        return updater.step();
    }

    @org.openjdk.jmh.annotations.Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector",
        "-Dlifelong.kernels=vector"})
    public static class Vector extends SparseAdamBenchmark {
        @Setup
        public void check() {
            ForkKernels.expect("vector");
        }
    }

    @org.openjdk.jmh.annotations.Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector",
        "-Dlifelong.kernels=scalar"})
    public static class Scalar extends SparseAdamBenchmark {
        @Setup
        public void check() {
            ForkKernels.expect("scalar");
        }
    }
}
