package dev.lifelong.cli;

import dev.lifelong.cli.load.ServerTiming;
import dev.lifelong.core.parallel.ClaimedChunks;
import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.timeline.TimelineStore;
import dev.lifelong.serve.history.HistoryReader;
import dev.lifelong.serve.history.RecentBehaviours;
import dev.lifelong.serve.http.Limits;
import dev.lifelong.serve.http.ScoreRequest;
import dev.lifelong.serve.http.ScoreServer;
import dev.lifelong.serve.metrics.ServeMetrics;
import dev.lifelong.serve.model.ModelSlots;
import dev.lifelong.serve.model.ServingModel;
import dev.lifelong.serve.model.ServingVocabulary;
import dev.lifelong.serve.warmup.JitWarmUp;
import dev.lifelong.serve.warmup.JvmActivity;
import dev.lifelong.serve.warmup.KeepAliveClient;
import dev.lifelong.store.BehaviourStore;
import dev.lifelong.store.Behaviours;
import dev.lifelong.store.BulkLoader;
import dev.lifelong.store.LoadMode;
import dev.lifelong.store.rocksdb.RocksDbBehaviourStore;
import dev.lifelong.store.timeline.TimelineBehaviourStore;
import dev.lifelong.train.run.ReportPlots;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lifelong bench serve}: a real server on loopback, a RocksDB store of synthetic users with exactly L
 * behaviours each, and an HTTP load generator in the same JVM ({@link KeepAliveClient}: kept-alive connections,
 * no client machinery to time). Per model, L and B: median and p99 latency of requests sent one at a time, the
 * server's own share of them from each response's {@code Server-Timing}, then requests/s with several clients at
 * once (saturation), counting every response that is not a 200 with B scores as an error.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures the scoring server on loopback: latency (median, p99) one request at a time and "
            + "requests/s at saturation, per model, history length L and candidate count B; writes a markdown "
            + "table and a latency-vs-L plot."})
final class BenchServeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "ARTIFACT", description = "artifacts to measure "
            + "(repeat); a model reads at most its long_len behaviours")
    List<Path> models;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "the models' dataset (vocabularies; "
            + "histories and candidates are drawn from its items)")
    Path data;

    @Option(names = "--lengths", split = ",", description = "history lengths L (default: ${DEFAULT-VALUE})",
            defaultValue = "1000,10000")
    int[] lengths;

    @Option(names = "--candidates", split = ",", description = "candidates per request B (default: ${DEFAULT-VALUE})",
            defaultValue = "100,1000")
    int[] candidates;

    @Option(names = "--users", description = "synthetic users per length (default: ${DEFAULT-VALUE})",
            defaultValue = "16")
    int users;

    @Option(names = "--histories", description = "uniform: each behaviour an item drawn uniformly from the dataset's "
            + "(histories with little repetition and no interests: the hard case for serving's per-request "
            + "grouping); dataset: the most recent L behaviours of the dataset's users that have L or more "
            + "(their repetition and interests as generated or logged) (default: ${DEFAULT-VALUE})",
            defaultValue = "uniform")
    String histories;

    @Option(names = "--request-time", description = "the time each request is scored at, which sets the history's "
            + "time gaps (TWIN's gap feature, SIM's time embedding): after-newest, a minute after the user's newest "
            + "behaviour, as for a user active now; now, the server's clock (the benchmark's behaviours are then "
            + "a year or more old, all in the oldest gap buckets) (default: ${DEFAULT-VALUE})",
            defaultValue = "after-newest")
    String requestTime;

    @Option(names = "--requests", description = "requests timed one at a time per cell (default: ${DEFAULT-VALUE})",
            defaultValue = "100")
    int requests;

    @Option(names = "--warmup", description = "untimed rounds per cell before timing, each one request to every "
            + "model in turn as the timed requests go: auto, until the run has sent as many rounds as it takes the "
            + "JIT's last tier to take a method run once a request (5,000 on JDK 17 and 25), earlier cells' "
            + "included, and then until the JIT has been idle for three "
            + "windows of 2 s (at most 30,000 rounds or 5 minutes), so that what is timed is a server that has run "
            + "a while (docs/BENCHMARKS.md, session 19); or a number of rounds (default: ${DEFAULT-VALUE})",
            defaultValue = "auto")
    String warmup;

    /** The warm-up of every cell of this run. */
    private JitWarmUp warmUp;

    @Option(names = "--seconds", description = "saturation run per cell (default: ${DEFAULT-VALUE})",
            defaultValue = "5")
    int seconds;

    @Option(names = "--clients", description = "concurrent clients at saturation (default: ${DEFAULT-VALUE})",
            defaultValue = "4")
    int clients;

    @Option(names = "--threads", description = "threads scoring one request, its own included (default: all "
            + "cores)", defaultValue = "0")
    int threads;

    @Option(names = "--out", description = "folder for results.md, latency-vs-length.png and requests.csv (each "
            + "timed request's client and server times; default: ${DEFAULT-VALUE})", defaultValue = "bench-serve")
    Path out;

    private static final String HOST = "127.0.0.1";
    /** A request that takes longer than this is counted as failed. */
    private static final int TIMEOUT_MS = 60_000;

    private final Map<Integer, Double> distinctShare = new TreeMap<>();
    /** Per user b{i} of the current length, its newest behaviour's time (epoch seconds). */
    private long[] newest;
    /** Every timed request, for requests.csv: a tail is read from its requests, not from two quantiles. */
    private final StringBuilder timings = new StringBuilder(
            "model,length,candidates,request,user,client_ms,read_ms,score_ms,total_ms\n");

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /**
     * One cell. Latency as the load generator saw it ({@code median}, {@code p99}), and the server's own time
     * for the same requests, read from each response's {@code Server-Timing} header: the whole request
     * ({@code serverTotal*}: parsing, the store read, scoring, the response body) and its scoring stage alone.
     */
    private record Cell(String model, int length, int seen, int candidates, double median, double p99,
                        double serverTotalMedian, double serverTotalP99, double serverScoreMedian,
                        double serverScoreP99, double perSecond, long errors) {
    }

    /** The timed requests of one L and B (every model's), the warm-up rounds before them, and what the JVM did. */
    private record TimedPhase(int length, int candidates, int warmupRounds, double seconds, JvmActivity jvm) {

        /** The JIT's share of one core over the phase, or NaN when the JVM does not count its time. */
        double compileShare() {
            return jvm.compileMs() < 0 ? Double.NaN : jvm.compileMs() / (1000 * seconds);
        }
    }

    /**
     * A JIT busier than this share of a core during the timed requests is still compiling the request path: the
     * latencies are then a warm-up's, and the console says so.
     */
    static final double BUSY_JIT = 0.02;

    private final List<TimedPhase> phases = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (requests < 1 || seconds < 1 || clients < 1 || users < 1) {
            throw new IllegalArgumentException("--requests, --seconds, --clients and --users must be at least 1");
        }
        warmUp = new JitWarmUp(JitWarmUp.rounds(warmup, "--warmup"));
        if (!histories.equals("uniform") && !histories.equals("dataset")) {
            throw new IllegalArgumentException("--histories must be uniform or dataset, not '" + histories + "'");
        }
        if (!requestTime.equals("after-newest") && !requestTime.equals("now")) {
            throw new IllegalArgumentException("--request-time must be after-newest or now, not '" + requestTime
                    + "'");
        }
        PrintWriter w = spec.commandLine().getOut();
        JvmSettings.tailAdvice().ifPresent(w::println);
        Files.createDirectories(out);
        Dataset d = Dataset.open(data);
        ServingVocabulary vocab = ServingVocabulary.of(d);
        int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        ExecutorService scoring = ClaimedChunks.helperPool(workers, Executors.defaultThreadFactory());
        ExecutorService io = Executors.newFixedThreadPool(8);
        ModelSlots slots = new ModelSlots(vocab, scoring, workers, 10);
        for (Path m : models) {
            ServingModel s = slots.load(m);
            w.printf(Locale.ROOT, "model %s (long_len %d) from %s%n", s.name(), s.longLen(), m);
        }
        w.flush();
        List<Cell> cells = new ArrayList<>();
        try {
            for (int len : lengths) {
                Path dir = Files.createTempDirectory("lifelong-bench-store");
                try (BehaviourStore store = RocksDbBehaviourStore.open(dir)) {
                    newest = new long[users];
                    double distinct = histories.equals("uniform") ? loadUniform(store, d, len)
                            : loadFromDataset(store, d, len);
                    w.printf(Locale.ROOT, "L=%d: %d %s histories, %.1f%% distinct items on average%n", len, users,
                            histories, 100 * distinct);
                    w.flush();
                    distinctShare.put(len, distinct);
                    Limits limits = Limits.DEFAULT.withDefaultTimeoutMs(10_000).withMaxCandidates(Math.max(
                            Limits.DEFAULT.maxCandidates(), Arrays.stream(candidates).max().orElse(1)));
                    try (ScoreServer server = new ScoreServer(slots, new HistoryReader(store, io,
                            new RecentBehaviours(1000, 0)), new ServeMetrics(), limits, scoring, workers)
                            .start(HOST, 0)) {
                        List<String> names = List.copyOf(slots.all().keySet());
                        for (int b : candidates) {
                            for (Cell c : measure(server.port(), names, slots, d, len, b, w)) {
                                cells.add(c);
                                w.printf(Locale.ROOT, "%-13s L=%-7d B=%-5d median %8.2f ms  p99 %8.2f ms  (server: "
                                        + "total %.2f / %.2f ms, score %.2f / %.2f)  %8.1f req/s  errors %d%n",
                                        c.model(), c.length(), c.candidates(), c.median(), c.p99(),
                                        c.serverTotalMedian(), c.serverTotalP99(), c.serverScoreMedian(),
                                        c.serverScoreP99(), c.perSecond(), c.errors());
                                w.flush();
                            }
                            TimedPhase p = phases.get(phases.size() - 1);
                            w.println(describe(p));
                            if (p.compileShare() > BUSY_JIT) {
                                w.printf(Locale.ROOT, "note: the JIT was still compiling during the timed requests "
                                        + "(%.0f%% of a core): these latencies include warm-up; a larger --warmup "
                                        + "measures a server that has run a while%n", 100 * p.compileShare());
                            }
                            w.flush();
                        }
                    }
                } finally {
                    deleteTree(dir);
                }
            }
        } finally {
            scoring.shutdownNow();
            io.shutdownNow();
        }
        write(cells, w);
        return cells.stream().anyMatch(c -> c.errors() > 0) ? 1 : 0;
    }

    /**
     * Users b0..b{users-1}, each with exactly {@code len} behaviours over the dataset's items, a minute apart;
     * returns their mean share of distinct items.
     */
    private double loadUniform(BehaviourStore store, Dataset d, int len) {
        Random rnd = new Random(len);
        int items = d.items().size() - 1;
        long t0 = 1_700_000_000L;
        double distinct = 0;
        try (BulkLoader l = store.bulkLoader(LoadMode.REPLACE)) {
            for (int u = 0; u < users; u++) {
                Behaviours h = new Behaviours(len);
                BitSet seen = new BitSet(items + 1);
                for (int i = 0; i < len; i++) {
                    int item = 1 + rnd.nextInt(items);
                    seen.set(item);
                    h.add(d.items().raw(item), d.categories().raw(d.timelines().categoryOfItem(item)), null,
                            Float.NaN, t0 + 60L * i);
                }
                distinct += (double) seen.cardinality() / len;
                newest[u] = newestTime(h);
                l.add("b" + u, h);
            }
        }
        return distinct / users;
    }

    /**
     * Users b0..b{users-1}: the most recent {@code len} behaviours of the first {@code users} dataset users with
     * that many, as logged (category, behaviour type, value, time); returns their mean share of distinct items.
     */
    private double loadFromDataset(BehaviourStore store, Dataset d, int len) {
        TimelineStore t = d.timelines();
        TimelineBehaviourStore source = new TimelineBehaviourStore(d);
        BitSet seen = new BitSet();
        double distinct = 0;
        int loaded = 0;
        try (BulkLoader l = store.bulkLoader(LoadMode.REPLACE)) {
            for (int user = 1; user < t.userCount() && loaded < users; user++) {
                if (t.length(user) < len) {
                    continue;
                }
                Behaviours h = new Behaviours(len);
                source.read(d.users().raw(user), len, h);
                seen.clear();
                for (int r = t.end(user) - len; r < t.end(user); r++) {
                    seen.set(t.item(r));
                }
                distinct += (double) seen.cardinality() / len;
                newest[loaded] = newestTime(h);
                l.add("b" + loaded++, h);
            }
        }
        if (loaded < users) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--histories dataset: %s has %d users with "
                    + "%d or more behaviours, --users asks for %d (lower --users or the length)", d.dir(), loaded,
                    len, users));
        }
        return distinct / users;
    }

    /**
     * One cell per model at one L and B. Every model gets the same request bodies; the timed requests go to the
     * models in turn (one to each, again and again), so a drift of the machine's speed during the cell weighs on
     * all of them alike and their ratio is a same-run ratio. Saturation runs per model after that.
     */
    private List<Cell> measure(int port, List<String> models, ModelSlots slots, Dataset d, int len, int b,
                               PrintWriter w) throws Exception {
        Random rnd = new Random(31L * len + b);
        byte[][] bodies = new byte[64][];
        for (int k = 0; k < bodies.length; k++) {
            String[] ids = new String[b];
            for (int i = 0; i < b; i++) {
                ids[i] = d.items().raw(1 + rnd.nextInt(d.items().size() - 1));
            }
            int user = k % users;
            bodies[k] = ScoreRequest.body("b" + user, requestTime.equals("now") ? 0 : newest[user] + 60, ids);
        }
        int n = models.size();
        String[] paths = new String[n];
        double[][] ms = new double[n][requests];
        double[][] total = new double[n][requests];
        double[][] score = new double[n][requests];
        double[][] read = new double[n][requests];
        long[] errors = new long[n];
        try (KeepAliveClient client = new KeepAliveClient(HOST, port, TIMEOUT_MS)) {
            for (int m = 0; m < n; m++) {
                paths[m] = "/v1/models/" + models.get(m) + "/score";
            }
            int warmed = warmUp.run(k -> warmupRound(client, paths, bodies, b, k), "L=" + len + " B=" + b, w);
            JvmActivity before = JvmActivity.now();
            long start = System.nanoTime();
            for (int k = 0; k < requests; k++) {
                // The first model of a round may meet a colder cache: the round starts at the next model each time.
                for (int j = 0; j < n; j++) {
                    int m = (k + j) % n;
                    long t = System.nanoTime();
                    KeepAliveClient.Response r = send(client, paths[m], bodies[k % bodies.length], b);
                    ms[m][k] = (System.nanoTime() - t) / 1e6;
                    ServerTiming st = r == null ? null : ServerTiming.parse(r.serverTiming());
                    if (st == null) {
                        errors[m]++;
                        total[m][k] = score[m][k] = read[m][k] = Double.NaN;
                    } else {
                        total[m][k] = st.total();
                        score[m][k] = st.score();
                        read[m][k] = st.read();
                    }
                }
            }
            warmUp.sent(requests);
            phases.add(new TimedPhase(len, b, warmed, (System.nanoTime() - start) / 1e9,
                    JvmActivity.now().since(before)));
        }
        // Written after the timing: formatting is code the warm-up never ran, so the JIT would compile it while
        // the requests were timed.
        for (int k = 0; k < requests; k++) {
            for (int j = 0; j < n; j++) {
                int m = (k + j) % n;
                timings.append(String.format(Locale.ROOT, "%s,%d,%d,%d,b%d,%.3f,", models.get(m), len, b, k,
                        (k % bodies.length) % users, ms[m][k]));
                timings.append(Double.isNaN(total[m][k]) ? ",,\n" : String.format(Locale.ROOT, "%.3f,%.3f,%.3f%n",
                        read[m][k], score[m][k], total[m][k]));
            }
        }
        List<Cell> cells = new ArrayList<>();
        for (int m = 0; m < n; m++) {
            Saturation sat = saturate(port, paths[m], bodies, b);
            cells.add(new Cell(models.get(m), len, Math.min(len, slots.get(models.get(m)).longLen()), b,
                    quantile(ms[m], 0.5), quantile(ms[m], 0.99), quantile(total[m], 0.5), quantile(total[m], 0.99),
                    quantile(score[m], 0.5), quantile(score[m], 0.99), sat.perSecond(), errors[m] + sat.failed()));
        }
        return cells;
    }

    /** One warm-up round: a request to each model, and the timed loop's parsing of its answer. */
    private static void warmupRound(KeepAliveClient client, String[] paths, byte[][] bodies, int b, int k) {
        for (String path : paths) {
            KeepAliveClient.Response r = send(client, path, bodies[k % bodies.length], b);
            ServerTiming.parse(r == null ? null : r.serverTiming());
        }
    }

    private static long newestTime(Behaviours h) {
        long newest = Long.MIN_VALUE;
        for (int i = 0; i < h.size(); i++) {
            newest = Math.max(newest, h.time(i));
        }
        return newest;
    }

    /**
     * Quantile q of the values that are not NaN, as the smallest value with at least a share q of them at or
     * below it (the p99 of 300 requests is the 297th fastest); NaN when there are none.
     */
    static double quantile(double[] values, double q) {
        double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v[Math.min(v.length - 1, Math.max(0, (int) Math.ceil(q * v.length) - 1))];
    }

    private record Saturation(double perSecond, long failed) {
    }

    /** {@code clients} clients, each on its own connection, sending back to back for {@code seconds}. */
    private Saturation saturate(int port, String path, byte[][] bodies, int b) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService load = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int first = c;
            running.add(load.submit(() -> {
                try (KeepAliveClient client = new KeepAliveClient(HOST, port, TIMEOUT_MS)) {
                    for (int k = first; System.nanoTime() < end; k++) {
                        (send(client, path, bodies[k % bodies.length], b) != null ? done : failed).incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        load.shutdown();
        return new Saturation(done.get() / elapsed, failed.get());
    }

    /** The response when it is a 200 with {@code b} scores; null for anything else (an error of the cell). */
    private static KeepAliveClient.Response send(KeepAliveClient client, String path, byte[] body, int b) {
        try {
            KeepAliveClient.Response r = client.post(path, body);
            return r.status() == 200 && countScores(r.body()) == b ? r : null;
        } catch (java.io.IOException e) {
            client.close();
            return null;
        }
    }

    private static int countScores(String json) {
        int from = json.indexOf("\"scores\":[");
        int to = json.indexOf(']', from);
        if (from < 0 || to < 0) {
            return -1;
        }
        int count = 0;
        for (int i = from + 10; i < to; i++) {
            count += json.charAt(i) == ',' ? 1 : 0;
        }
        return to == from + 10 ? 0 : count + 1;
    }

    private void write(List<Cell> cells, PrintWriter w) throws java.io.IOException {
        StringBuilder md = new StringBuilder("| model | L | behaviours scored | B | median ms | p99 ms | server median "
                + "ms | server p99 ms | scoring median ms | scoring p99 ms | requests/s | errors |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (Cell c : cells) {
            md.append(String.format(Locale.ROOT, "| `%s` | %,d | %,d | %,d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f "
                    + "| %.1f | %d |%n", c.model(), c.length(), c.seen(), c.candidates(), c.median(), c.p99(),
                    c.serverTotalMedian(), c.serverTotalP99(), c.serverScoreMedian(), c.serverScoreP99(),
                    c.perSecond(), c.errors()));
            series.computeIfAbsent(c.model() + ", B=" + c.candidates(), k -> new ArrayList<>())
                    .add(new double[] {c.length(), c.p99()});
        }
        md.append("\nThe JVM during each cell's timed requests (a JIT still compiling means a server still warming "
                + "up):\n\n| L | B | warm-up rounds | timed requests, s | JIT compiling, ms (share of a core) | "
                + "collections | collecting, ms |\n|---:|---:|---:|---:|---:|---:|---:|\n");
        for (TimedPhase p : phases) {
            md.append(String.format(Locale.ROOT, "| %,d | %,d | %,d | %.3f | %s | %d | %d |%n", p.length(),
                    p.candidates(), p.warmupRounds(), p.seconds(), p.jvm().compileMs() < 0 ? "not counted"
                            : String.format(Locale.ROOT, "%d (%.1f%%)", p.jvm().compileMs(), 100 * p.compileShare()),
                    p.jvm().collections(), p.jvm().collectMs()));
        }
        md.append(String.format(Locale.ROOT, "%n%d users per length, histories: %s (distinct items: %s); "
                + "requests scored at %s; per cell %s, %d timed one at a time (the models in turn, "
                + "on the same bodies) over one kept-alive connection, %d clients for %d s at saturation; server and "
                + "scoring times from each response's Server-Timing header; %d cores, %s, %s.%n", users, histories,
                distinctShares(), requestTime.equals("now") ? "the server's clock"
                        : "a minute after the user's newest behaviour", warmUp.auto()
                        ? "untimed rounds (a request to each model) until the JIT was idle"
                        : warmUp.fixedRounds() + " untimed rounds (a request to each model)", requests, clients, seconds,
                Runtime.getRuntime().availableProcessors(), JvmSettings.describe(), LocalDate.now()));
        Files.writeString(out.resolve("results.md"), md.toString());
        Files.writeString(out.resolve("requests.csv"), timings.toString());
        ReportPlots.lines(out.resolve("latency-vs-length.png"), "Serving latency (p99) versus history length",
                "history length L", "p99 ms per request", series);
        w.println();
        w.print(md);
        w.println("written to " + out.resolve("results.md") + ", " + out.resolve("latency-vs-length.png") + " and "
                + out.resolve("requests.csv") + " (every timed request)");
        w.flush();
    }

    private static String describe(TimedPhase p) {
        return String.format(Locale.ROOT, "L=%d B=%d: timed requests took %.3f s; meanwhile the JIT compiled for %s, "
                + "%d collections took %d ms", p.length(), p.candidates(), p.seconds(), p.jvm().compileMs() < 0
                        ? "a time this JVM does not count" : String.format(Locale.ROOT, "%d ms (%.1f%% of a core)",
                                p.jvm().compileMs(), 100 * p.compileShare()),
                p.jvm().collections(), p.jvm().collectMs());
    }

    private String distinctShares() {
        StringBuilder s = new StringBuilder();
        distinctShare.forEach((len, share) -> s.append(s.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%.1f%% at L = %,d", 100 * share, len)));
        return s.toString();
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
