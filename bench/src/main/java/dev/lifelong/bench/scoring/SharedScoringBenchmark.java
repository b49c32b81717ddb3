package dev.lifelong.bench.scoring;

import dev.lifelong.bench.DatasetUsers;
import dev.lifelong.data.batch.CandidateAssembler;
import dev.lifelong.data.batch.History;
import dev.lifelong.data.batch.SampleBatch;
import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.timeline.TimelineStore;
import dev.lifelong.models.artifact.ModelArtifact;
import dev.lifelong.models.frame.CandidateOrder;
import dev.lifelong.models.frame.CtrModel;
import dev.lifelong.models.frame.ModelConfig;
import dev.lifelong.models.frame.ModelRegistry;
import dev.lifelong.models.frame.SharedHistoryScorer;
import java.io.IOException;
import java.nio.file.Path;
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
 * {@code candidates} the per-candidate part alone, against a history prepared once; {@code chunked} the same in
 * the server's chunks of 64. The candidates are scored by category, as the server orders them, unless
 * {@code -p order=given} (before developer session 18 they were scored as drawn). What {@code bench serve}
 * times end to end on two threads, isolated from the scheduler and the network, so changes to the scoring
 * path can be compared to a few percent.
 *
 * <p>The model has the speed configuration of the issues (32 dimensions per feature, 4 heads, m = 64, k = 48,
 * MLP 128-64), by default with its initial parameters. The cost of a path depends on what was learned through
 * how ETA's distances spread and tie and how TWIN's rankings spread. The history returns to its items as a
 * lifelong one does: {@code distinct x L} items, drawn skewed towards a few favourites (index = pool x u^2),
 * each with its usual category, behaviour types as the synthetic generator draws them (85% views), no values,
 * one to 3,600 seconds apart.
 *
 * <p>Initial parameters understate a trained model's cost ({@code eta} trained costs 1.3-1.4x: docs/BENCHMARKS.md):
 * {@code -p artifact=... -p data=...} scores with a trained artifact over its dataset's users instead, and
 * {@code -p requests=8} cycles eight requests as a server does, rather than one whose data stays in cache.
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
     * {@code twin} works per item, each group of behaviours alike in their cross features adding its bias, so
     * this history's spread of times and types (an item's visits at many gaps, as a user active now has) costs
     * it what a real user's does: 30.2 ms for the candidates with initial parameters, 29.9 trained (session 13).
     */
    @Param({"eta", "sim-hard", "sdim", "twin"})
    String model;

    @Param({"10000"})
    int length;

    @Param({"1000"})
    int candidates;

    /** Distinct items per behaviour (the default synthetic users': about 0.07 at L = 10^4). */
    @Param({"0.07"})
    double distinct;

    /** How many different requests (history and candidates) are cycled: 1 keeps one request's data in cache. */
    @Param({"1"})
    int requests;

    /**
     * A trained artifact to score with instead of initial parameters, with {@code data} the prepared dataset it
     * was trained on: the histories are then its users' last {@code length} behaviours (users with fewer are
     * skipped) and the candidates its items.
     */
    @Param({""})
    String artifact;

    @Param({""})
    String data;

    /**
     * The order candidates are scored in: {@code category}, as the server takes them ({@link CandidateOrder}),
     * or {@code given}, as drawn.
     */
    @Param({"category"})
    String order;

    /** Candidates per chunk in {@code chunked}: the server's {@code ServingModel.MAX_CHUNK}. */
    private static final int CHUNK = 64;

    private SharedHistoryScorer scorer;
    private SharedHistoryScorer.Workspace workspace;
    private SampleBatch[] slices;
    private SharedHistoryScorer.Request[] prepared;
    private int[][] items;
    private int[][] categories;
    private int turn;
    private int shortLen;
    private float[] logits;

    @Setup
    public void setup() throws IOException {
        CtrModel m;
        int[] usual;
        int itemRows;
        Dataset d = null;
        if (artifact.isEmpty()) {
            ModelConfig config = new ModelConfig(32, length, 50, 4, new int[] {128, 64}, 64, 48, 1);
            m = ModelRegistry.create(model, config, ITEMS, CATEGORIES);
            itemRows = ITEMS;
            usual = new int[ITEMS];
            for (int i = 1; i < ITEMS; i++) {
                usual[i] = 1 + i % (CATEGORIES - 1);
            }
        } else {
            if (data.isEmpty()) {
                throw new IllegalArgumentException("-p artifact=" + artifact + " needs -p data=DIR, the prepared "
                        + "dataset it was trained on");
            }
            m = ModelArtifact.load(Path.of(artifact)).model();
            if (!m.name().equals(model)) {
                throw new IllegalArgumentException(artifact + " holds " + m.name() + ", not " + model
                        + " (-p model=" + m.name() + ")");
            }
            d = Dataset.open(Path.of(data));
            itemRows = d.items().size();
            usual = new int[itemRows];
            for (int i = 1; i < itemRows; i++) {
                usual[i] = d.timelines().categoryOfItem(i);
            }
        }
        shortLen = m.config().shortLen();
        scorer = SharedHistoryScorer.of(m, m.longUnit().retrieval(usual), usual);
        if (scorer == null) {
            throw new IllegalArgumentException(m.name() + " does not score through the shared-history path");
        }
        workspace = scorer.newWorkspace();
        SplittableRandom rnd = new SplittableRandom(7);
        slices = new SampleBatch[requests];
        prepared = new SharedHistoryScorer.Request[requests];
        items = new int[requests][candidates];
        categories = new int[requests][candidates];
        int user = 0;
        for (int r = 0; r < requests; r++) {
            if (d == null) {
                slices[r] = history(rnd, usual);
            } else {
                user = DatasetUsers.next(d.timelines(), user, length, data);
                slices[r] = history(d.timelines(), user);
            }
            prepared[r] = scorer.prepare(slices[r]);
            for (int i = 0; i < candidates; i++) {
                items[r][i] = 1 + rnd.nextInt(itemRows - 1);
                categories[r][i] = usual[items[r][i]];
            }
            if (order.equals("category")) {
                int[] o = CandidateOrder.byCategory(categories[r]);
                int[] it = items[r].clone();
                for (int i = 0; i < candidates; i++) {
                    items[r][i] = it[o[i]];
                    categories[r][i] = usual[items[r][i]];
                }
            } else if (!order.equals("given")) {
                throw new IllegalArgumentException("-p order=" + order + " is not one of: category, given");
            }
        }
        logits = new float[candidates];
    }

    /** A dataset user's last {@code length} behaviours, assembled as of a minute after the newest. */
    private SampleBatch history(TimelineStore t, int user) {
        History h = new History();
        for (int r = t.end(user) - length; r < t.end(user); r++) {
            h.add(t.item(r), t.category(r), t.behaviour(r), t.value(r), t.epochSeconds(r));
        }
        return assemble(h, t.epochSeconds(t.end(user) - 1) + 60);
    }

    private SampleBatch assemble(History h, long requestTime) {
        int[] none = {0};
        return new CandidateAssembler(length, shortLen).assemble(h, Integer.MAX_VALUE, none, none, 0, 1,
                requestTime, new SampleBatch());
    }

    /** A synthetic user's {@code length} behaviours, assembled as of a minute after the newest. */
    private SampleBatch history(SplittableRandom rnd, int[] usual) {
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
        return assemble(h, time + 60);
    }

    @Benchmark
    public float[] request() {
        int r = next();
        scorer.prepare(slices[r]).score(items[r], categories[r], 0, candidates, logits, workspace);
        return logits;
    }

    /** The request's history work alone: what every candidate then shares (grouping, signatures, tables). */
    @Benchmark
    public Object prepare() {
        return scorer.prepare(slices[next()]);
    }

    @Benchmark
    public float[] candidates() {
        int r = next();
        prepared[r].score(items[r], categories[r], 0, candidates, logits, workspace);
        return logits;
    }

    /** As {@code candidates}, in chunks of {@value #CHUNK} as a server worker claims them. */
    @Benchmark
    public float[] chunked() {
        int r = next();
        for (int from = 0; from < candidates; from += CHUNK) {
            prepared[r].score(items[r], categories[r], from, Math.min(candidates, from + CHUNK), logits, workspace);
        }
        return logits;
    }

    private int next() {
        int r = turn;
        turn = r + 1 == requests ? 0 : r + 1;
        return r;
    }
}
