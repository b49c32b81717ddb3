package dev.lifelong.bench.layer;

import dev.lifelong.bench.ForkKernels;
import dev.lifelong.core.layer.JaggedRows;
import dev.lifelong.core.layer.TargetAttention;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.ParameterSet;
import dev.lifelong.core.random.Rng;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of multi-head target attention over a long sequence on one core: B = 256 samples,
 * L = 1,000 behaviours each, d = 32, 4 heads of 8, forward then backward to parameters, query and sequence
 * (the gradient buffers are cleared per step, as in training). The layers pick their kernels once per JVM, so
 * the vector and scalar variants are separate forks ({@link Vector}, {@link Scalar}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public abstract class AttentionBenchmark {

    static final int BATCH = 256;
    static final int LENGTH = 1000;
    static final int DIM = 32;
    static final int HEADS = 4;

    private TargetAttention attention;
    private TargetAttention.Workspace ws;
    private Gradients grads;
    private JaggedRows seq;
    private float[] query;
    private float[] out;
    private float[] dOut;
    private float[] dQuery;
    private float[] dSeq;

    @Setup
    public void setup() {
        ParameterSet ps = new ParameterSet(1);
        attention = new TargetAttention(ps, "ta", DIM, DIM, HEADS, DIM / HEADS, DIM);
        ws = attention.newWorkspace();
        grads = ps.newGradients();
        Rng rng = new Rng(2);
        int rows = BATCH * LENGTH;
        float[] values = new float[rows * DIM];
        rng.fillGaussian(values, 0, values.length, 0.3);
        int[] offsets = new int[BATCH + 1];
        for (int b = 0; b < BATCH; b++) {
            offsets[b + 1] = offsets[b] + LENGTH;
        }
        seq = new JaggedRows(values, DIM, offsets, BATCH, null);
        query = new float[BATCH * DIM];
        rng.fillGaussian(query, 0, query.length, 0.3);
        out = new float[BATCH * DIM];
        dOut = new float[BATCH * DIM];
        rng.fillGaussian(dOut, 0, dOut.length, 1.0 / BATCH);
        dQuery = new float[query.length];
        dSeq = new float[values.length];
    }

    @Benchmark
    public float[] forwardBackward() {
        grads.clear();
        Arrays.fill(dQuery, 0f);
        Arrays.fill(dSeq, 0f);
        attention.forward(query, seq, out, ws);
        attention.backward(query, seq, dOut, dQuery, dSeq, ws, grads);
        return dSeq;
    }

    @org.openjdk.jmh.annotations.Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector",
        "-Dlifelong.kernels=vector"})
    public static class Vector extends AttentionBenchmark {
        @Setup
        public void check() {
            ForkKernels.expect("vector");
        }
    }

    @org.openjdk.jmh.annotations.Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector",
        "-Dlifelong.kernels=scalar"})
    public static class Scalar extends AttentionBenchmark {
        @Setup
        public void check() {
            ForkKernels.expect("scalar");
        }
    }
}
