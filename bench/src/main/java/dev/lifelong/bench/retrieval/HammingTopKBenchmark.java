package dev.lifelong.bench.retrieval;

import dev.lifelong.models.eta.HammingTopK;
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
 * ETA's serving retrieval for one candidate: Hamming distances of a history's 64-bit signatures to the
 * candidate's and the k = 48 nearest, ties to the more recent. Signatures are drawn around 64 interest centres
 * (each bit of a centre flipped with probability 0.15), so distances have the clustered, heavy-tailed shape of
 * trained embeddings rather than one binomial; the candidate cycles over 256 targets drawn the same way.
 * {@code pass} runs the selection's pass over the history as scalar code or with the Vector API (what
 * {@code -Dlifelong.hamming} chooses in serving; the vector pass needs JDK 19 or later to be fast).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class HammingTopKBenchmark {

    private static final int K = 48;
    private static final int BITS = 64;

    @Param({"1000", "10000", "100000"})
    int length;

    @Param({"scalar", "vector"})
    String pass;

    private long[] history;
    private long[] laidOut;
    private long[] targets;
    private int next;
    private final HammingTopK topK = new HammingTopK();
    private int[] selected;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(7);
        long[] centres = ClusteredSignatures.centres(rnd, 64);
        history = new long[length];
        for (int i = 0; i < length; i++) {
            history[i] = ClusteredSignatures.near(centres, rnd);
        }
        targets = new long[256];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = ClusteredSignatures.near(centres, rnd);
        }
        selected = new int[K];
        laidOut = pass.equals("vector") ? HammingTopK.vectorLayout(history, length) : null;
    }


    /** The floor: the distance pass alone, summed so that it cannot be elided. */
    @Benchmark
    public int distancesOnly() {
        long target = targets[next++ & (targets.length - 1)];
        int s = 0;
        for (int i = 0; i < length; i++) {
            s += Long.bitCount(history[i] ^ target);
        }
        return s;
    }

    @Benchmark
    public int selectNearest() {
        long target = targets[next++ & (targets.length - 1)];
        return topK.selectNearest(history, laidOut, length, target, K, BITS, selected);
    }
}
