package dev.lifelong.bench.retrieval;

import dev.lifelong.models.eta.HammingTopK;
import dev.lifelong.models.eta.SignatureGroups;
import dev.lifelong.models.frame.RowGroups;
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
 * ETA's serving retrieval for one candidate over a history that repeats its items: the plain scan of every
 * behaviour against the selection over the history's groups ({@link SignatureGroups}), k = 48. The history
 * holds {@code distinct x length} items, each a signature around one of 64 interest centres (bits flipped with
 * probability 0.15, as in {@link HammingTopKBenchmark}), and returns to them skewed towards a few favourites
 * (item index = pool x u^2), as a lifelong history does; the candidate cycles over 256 targets drawn alike.
 * {@code pass} runs either selection's pass as scalar code or with the Vector API, as {@code -Dlifelong.hamming}
 * chooses in serving.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class GroupedSelectionBenchmark {

    private static final int K = 48;
    private static final int BITS = 64;

    @Param({"10000", "100000"})
    int length;

    /** Distinct items per behaviour (the default synthetic users': about 0.07 at L = 10^4). */
    @Param({"0.07", "0.25"})
    double distinct;

    @Param({"scalar", "vector"})
    String pass;

    private long[] history;
    private long[] laidOut;
    private long[] targets;
    private int next;
    private SignatureGroups groups;
    private final HammingTopK topK = new HammingTopK();
    private final SignatureGroups.Scratch scratch = new SignatureGroups.Scratch();
    private int[] rows;
    private int[] multiplicity;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(7);
        long[] centres = ClusteredSignatures.centres(rnd, 64);
        int pool = Math.max(1, (int) (distinct * length));
        long[] items = new long[pool];
        for (int i = 0; i < pool; i++) {
            items[i] = ClusteredSignatures.near(centres, rnd);
        }
        history = new long[length];
        long[] keys = new long[length];
        for (int i = 0; i < length; i++) {
            double u = rnd.nextDouble();
            keys[i] = (long) (pool * u * u);
            history[i] = items[(int) keys[i]];
        }
        targets = new long[256];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = ClusteredSignatures.near(centres, rnd);
        }
        boolean vector = pass.equals("vector");
        groups = SignatureGroups.of(RowGroups.of(keys, length), history, vector);
        laidOut = vector ? HammingTopK.vectorLayout(history, length) : null;
        rows = new int[K];
        multiplicity = new int[K];
    }


    @Benchmark
    public int plainScan() {
        long target = targets[next++ & (targets.length - 1)];
        return topK.selectNearest(history, laidOut, length, target, K, BITS, rows);
    }

    @Benchmark
    public int grouped() {
        long target = targets[next++ & (targets.length - 1)];
        return groups.selectGrouped(target, K, BITS, rows, multiplicity, scratch);
    }
}
