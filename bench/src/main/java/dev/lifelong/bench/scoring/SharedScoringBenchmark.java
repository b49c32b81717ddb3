package dev.lifelong.bench.scoring;

import dev.lifelong.data.batch.CandidateAssembler;
import dev.lifelong.data.batch.History;
import dev.lifelong.data.batch.SampleBatch;
import dev.lifelong.models.frame.CtrModel;
import dev.lifelong.models.frame.ModelConfig;
import dev.lifelong.models.frame.ModelRegistry;
import dev.lifelong.models.frame.SharedHistoryScorer;
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
 * One scoring request's CPU on one thread, without HTTP, the store or a second worker: the serving forward
 * pass ({@link SharedHistoryScorer}) for B candidates against a history of L behaviours, as the server runs it
 * once the history is read. {@code request} is the whole (the history's shared work, then every candidate);
 * {@code candidates} the per-candidate part alone, against a history prepared once. What {@code bench serve}
 * times end to end on two threads, isolated from the scheduler and the network, so changes to the scoring
 * path can be compared to a few percent.
 *
 * <p>The model has the speed configuration of the issues (32 dimensions per feature, 4 heads, m = 64, k = 48,
 * MLP 128-64) with its initial parameters: the cost of a path does not depend on what was learned, except
 * through how ETA's distances tie and how TWIN's rankings spread. The history returns to its items as a
 * lifelong one does: {@code distinct x L} items, drawn skewed towards a few favourites (index = pool x u^2),
 * each with its usual category, behaviour types as the synthetic generator draws them (85% views), no values,
 * one to 3,600 seconds apart.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class SharedScoringBenchmark {

    private static final int ITEMS = 20_000;
    private static final int CATEGORIES = 200;

    /**
     * {@code twin} runs too ({@code -p model=twin}), but its figure here is not its serving cost: it works per
     * group of behaviours alike in their cross features too, and this history's times and types spread an item's
     * occurrences over many more groups than a real user's do.
     */
    @Param({"eta", "sim-hard", "sdim"})
    String model;

    @Param({"10000"})
    int length;

    @Param({"1000"})
    int candidates;

    /** Distinct items per behaviour (the default synthetic users': about 0.07 at L = 10^4). */
    @Param({"0.07"})
    double distinct;

    private SharedHistoryScorer scorer;
    private SharedHistoryScorer.Workspace workspace;
    private SampleBatch slice;
    private SharedHistoryScorer.Request prepared;
    private int[] items;
    private int[] categories;
    private float[] logits;

    @Setup
    public void setup() {
        ModelConfig config = new ModelConfig(32, length, 50, 4, new int[] {128, 64}, 64, 48, 1);
        CtrModel m = ModelRegistry.create(model, config, ITEMS, CATEGORIES);
        int[] usual = new int[ITEMS];
        for (int i = 1; i < ITEMS; i++) {
            usual[i] = 1 + i % (CATEGORIES - 1);
        }
        scorer = SharedHistoryScorer.of(m, m.longUnit().retrieval(usual), usual);
        if (scorer == null) {
            throw new IllegalArgumentException(model + " does not score through the shared-history path");
        }
        workspace = scorer.newWorkspace();
        SplittableRandom rnd = new SplittableRandom(7);
        int pool = Math.max(1, (int) (distinct * length));
        int[] poolItems = new int[pool];
        for (int i = 0; i < pool; i++) {
            poolItems[i] = 1 + rnd.nextInt(ITEMS - 1);
        }
        History h = new History();
        long time = 1_600_000_000L;
        for (int i = 0; i < length; i++) {
            double u = rnd.nextDouble();
            int item = poolItems[(int) (pool * u * u)];
            time += 1 + rnd.nextInt(3600);
            double b = rnd.nextDouble();
            int behaviour = b < 0.85 ? 1 : b < 0.92 ? 2 : b < 0.97 ? 3 : 4;
            h.add(item, usual[item], behaviour, Float.NaN, time);
        }
        int[] none = {0};
        slice = new CandidateAssembler(length, 50).assemble(h, Integer.MAX_VALUE, none, none, 0, 1, time + 60,
                new SampleBatch());
        items = new int[candidates];
        categories = new int[candidates];
        for (int i = 0; i < candidates; i++) {
            items[i] = 1 + rnd.nextInt(ITEMS - 1);
            categories[i] = usual[items[i]];
        }
        logits = new float[candidates];
        prepared = scorer.prepare(slice);
    }

    @Benchmark
    public float[] request() {
        scorer.prepare(slice).score(items, categories, 0, candidates, logits, workspace);
        return logits;
    }

    @Benchmark
    public float[] candidates() {
        prepared.score(items, categories, 0, candidates, logits, workspace);
        return logits;
    }
}
