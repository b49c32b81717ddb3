package dev.lifelong.bench.retrieval;

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
 * Grouping a request's history by (item, category) ({@link RowGroups#of}), which `eta`, `ta-full-long` and
 * `twin` do once per request before any candidate: {@code length} behaviours over {@code distinct x length}
 * items, skewed towards a few favourites (item index = pool x u^3) as a lifelong history is, or nearly all
 * distinct.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RowGroupsBenchmark {

    @Param({"10000", "100000"})
    int length;

    /** Distinct items per behaviour: the default synthetic users' hold about 0.03-0.07; 0.8 is near uniform. */
    @Param({"0.03", "0.8"})
    double distinct;

    private long[] keys;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(11);
        int pool = Math.max(1, (int) (distinct * length));
        int[] items = new int[length];
        int[] categories = new int[length];
        for (int i = 0; i < length; i++) {
            double u = rnd.nextDouble();
            items[i] = 1 + (int) (pool * (distinct < 0.5 ? u * u * u : u));
            categories[i] = 1 + items[i] % 97;
        }
        keys = RowGroups.itemAndCategoryKeys(items, categories, 0, length);
    }

    @Benchmark
    public int group() {
        return RowGroups.of(keys, length).groups();
    }
}
