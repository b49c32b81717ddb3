package dev.lifelong.bench.layer;

import dev.lifelong.core.kernel.RowPrefetch;
import dev.lifelong.core.layer.TargetAttention;
import dev.lifelong.core.param.ParameterSet;
import dev.lifelong.core.random.Rng;
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
 * Serving's attention over retrieved rows ({@link TargetAttention#attendRows}), as {@code eta} runs it per
 * candidate: 1,000 candidates, each over k = 48 rows drawn from an item table of 4 heads of 16 (the speed
 * configuration). {@code items} sets the table: 730 rows stay in L2 (a lifelong user's distinct items at
 * L = 10^4 in the synthetic data), 20,000 (10 MB) in the last-level cache at best, 200,000 (100 MB) in memory.
 * {@link #prefetched} fetches the next candidate's rows ({@link RowPrefetch}) before attending this one's, as
 * serving does when a history's rows outgrow L2. {@code rows}: {@code k}, 48 distinct rows a candidate, as over
 * a history that does not repeat itself; {@code grouped}, 5 to 48 rows each standing for one behaviour or
 * several (multiplicities up to 20), as over a lifelong history's groups of alike behaviours, where the row
 * count rarely fills whole vectors. Microseconds per 1,000 candidates.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class RetrievedRowsBenchmark {

    static final int CANDIDATES = 1000;
    static final int K = 48;
    static final int HEADS = 4;
    static final int HEAD_DIM = 16;

    @Param({"730", "20000", "200000"})
    public int items;

    @Param({"k", "grouped"})
    public String rows;

    private TargetAttention attention;
    private float[] keys;
    private float[] values;
    private float[] queries;
    private float[][] keyRows;
    private float[][] valueRows;
    private int[][] offsets;
    private int[] counts;
    private int[][] multiplicity;
    private float[] out;
    private float[] scores;

    @Setup
    public void setup() {
        int hk = HEADS * HEAD_DIM;
        attention = new TargetAttention(new ParameterSet(1), "ta", hk, hk, HEADS, HEAD_DIM, hk);
        Rng rng = new Rng(3);
        keys = new float[items * hk];
        values = new float[items * hk];
        queries = new float[CANDIDATES * hk];
        rng.fillGaussian(keys, 0, keys.length, 0.3);
        rng.fillGaussian(values, 0, values.length, 0.3);
        rng.fillGaussian(queries, 0, queries.length, 0.3);
        attention.toRowLayout(keys, 0, items);
        attention.toRowLayout(queries, 0, CANDIDATES);
        keyRows = new float[K][];
        valueRows = new float[K][];
        java.util.Arrays.fill(keyRows, keys);
        java.util.Arrays.fill(valueRows, values);
        offsets = new int[CANDIDATES][K];
        counts = new int[CANDIDATES];
        boolean grouped = rows.equals("grouped");
        multiplicity = new int[CANDIDATES][];
        java.util.SplittableRandom pick = new java.util.SplittableRandom(4);
        for (int c = 0; c < CANDIDATES; c++) {
            counts[c] = grouped ? 5 + pick.nextInt(K - 4) : K;
            multiplicity[c] = grouped ? new int[K] : null;
            for (int i = 0; i < K; i++) {
                offsets[c][i] = pick.nextInt(items) * hk;
                if (grouped) {
                    multiplicity[c][i] = pick.nextInt(3) == 0 ? 1 + pick.nextInt(20) : 1;
                }
            }
        }
        out = new float[CANDIDATES * hk];
        scores = new float[attention.rowScores(K)];
    }

    @Benchmark
    public float[] candidates() {
        int hk = HEADS * HEAD_DIM;
        for (int c = 0; c < CANDIDATES; c++) {
            attention.attendRows(queries, c * hk, keyRows, valueRows, offsets[c], multiplicity[c], counts[c], out,
                    c * hk, scores);
        }
        return out;
    }

    @Benchmark
    public float[] prefetched() {
        int hk = HEADS * HEAD_DIM;
        RowPrefetch.rows(keyRows, valueRows, offsets[0], counts[0], hk);
        for (int c = 0; c < CANDIDATES; c++) {
            if (c + 1 < CANDIDATES) {
                RowPrefetch.rows(keyRows, valueRows, offsets[c + 1], counts[c + 1], hk);
            }
            attention.attendRows(queries, c * hk, keyRows, valueRows, offsets[c], multiplicity[c], counts[c], out,
                    c * hk, scores);
        }
        return out;
    }
}
