package dev.lifelong.bench.retrieval;

import dev.lifelong.bench.DatasetUsers;
import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.timeline.TimelineStore;
import dev.lifelong.models.artifact.ModelArtifact;
import dev.lifelong.models.eta.EtaUnit;
import dev.lifelong.models.eta.HammingTopK;
import dev.lifelong.models.eta.SimHashSignatures;
import dev.lifelong.models.frame.CtrModel;
import dev.lifelong.models.eta.SignatureGroups;
import dev.lifelong.models.frame.RowGroups;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
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
 *
 * <p>Clustered random signatures spread and tie otherwise than a trained model's (more of a trained model's
 * groups pass the bound, and the branch that keeps them is harder to predict): {@code -p artifact=... -p
 * data=...} selects with a trained {@code eta}'s signatures over its dataset's users instead, their last
 * {@code length} behaviours, eight users in turn, each for 1,000 candidates (a request's worth) drawn from the
 * dataset's items and taken by category, as the server takes them. {@code distinct} is then the users'.
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

    /** A trained {@code eta} artifact, with {@code data} the prepared dataset it was trained on (see above). */
    @Param({""})
    String artifact;

    @Param({""})
    String data;

    private static final int USERS = 8;
    private static final int REQUEST = 1000;
    private SignatureGroups[] userGroups;
    private long[][] userHistories;
    private long[][] userLaidOut;
    private long[][] userTargets;
    private int call;

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
    public void setup() throws IOException {
        rows = new int[K];
        multiplicity = new int[K];
        if (!artifact.isEmpty()) {
            trained();
            return;
        }
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
        userGroups = new SignatureGroups[] {groups};
        userHistories = new long[][] {history};
        userLaidOut = new long[][] {laidOut};
        userTargets = new long[][] {targets};
    }

    private void trained() throws IOException {
        if (data.isEmpty()) {
            throw new IllegalArgumentException("-p artifact=" + artifact + " needs -p data=DIR, the prepared "
                    + "dataset it was trained on");
        }
        CtrModel m = ModelArtifact.load(Path.of(artifact)).model();
        if (!(m.longUnit() instanceof EtaUnit eta) || eta.signatures().words() != 1) {
            throw new IllegalArgumentException(artifact + " holds " + m.name() + ", not eta with 64-bit signatures");
        }
        SimHashSignatures sig = eta.signatures();
        TimelineStore t = Dataset.open(Path.of(data)).timelines();
        boolean vector = pass.equals("vector");
        SplittableRandom rnd = new SplittableRandom(7);
        userGroups = new SignatureGroups[USERS];
        userHistories = new long[USERS][];
        userLaidOut = new long[USERS][];
        userTargets = new long[USERS][];
        int user = 0;
        for (int u = 0; u < USERS; u++) {
            user = DatasetUsers.next(t, user, length, data);
            long[] sigs = new long[length];
            long[] keys = new long[length];
            long[] one = new long[1];
            for (int i = 0; i < length; i++) {
                int r = t.end(user) - length + i;
                sig.signature(t.item(r), t.category(r), one, 0);
                sigs[i] = one[0];
                keys[i] = (long) t.item(r) << 32 | t.category(r);
            }
            userHistories[u] = sigs;
            userGroups[u] = SignatureGroups.of(RowGroups.of(keys, length), sigs, vector);
            userLaidOut[u] = vector ? HammingTopK.vectorLayout(sigs, length) : null;
            int items = t.itemCount();
            long[] byCategory = new long[REQUEST];
            for (int i = 0; i < REQUEST; i++) {
                int item = 1 + rnd.nextInt(items - 1);
                byCategory[i] = (long) t.categoryOfItem(item) << 32 | item;
            }
            Arrays.sort(byCategory);
            userTargets[u] = new long[REQUEST];
            for (int i = 0; i < REQUEST; i++) {
                int item = (int) byCategory[i];
                sig.signature(item, t.categoryOfItem(item), one, 0);
                userTargets[u][i] = one[0];
            }
        }
        groups = userGroups[0];
        history = userHistories[0];
        laidOut = userLaidOut[0];
        targets = userTargets[0];
    }

    /** The next candidate's signature; a trained model's users take turns, a request's worth of candidates each. */
    private long nextTarget() {
        if (userGroups.length == 1) {
            return targets[next++ & (targets.length - 1)];
        }
        if (next == REQUEST) {
            next = 0;
            call = (call + 1) % USERS;
            groups = userGroups[call];
            history = userHistories[call];
            laidOut = userLaidOut[call];
            targets = userTargets[call];
        }
        return targets[next++];
    }


    @Benchmark
    public int plainScan() {
        long target = nextTarget();
        return topK.selectNearest(history, laidOut, length, target, K, BITS, rows);
    }

    @Benchmark
    public int grouped() {
        long target = nextTarget();
        return groups.selectGrouped(target, K, BITS, rows, multiplicity, scratch);
    }
}
