package dev.lifelong.cli;

import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.timeline.TimelineStore;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import dev.lifelong.serve.history.HistoryReader;
import dev.lifelong.serve.history.RecentBehaviours;
import dev.lifelong.serve.http.Limits;
import dev.lifelong.serve.http.ScoreServer;
import dev.lifelong.serve.metrics.ServeMetrics;
import dev.lifelong.serve.model.ModelSlots;
import dev.lifelong.serve.model.ServingModel;
import dev.lifelong.serve.model.ServingVocabulary;
import dev.lifelong.store.BehaviourStore;
import dev.lifelong.store.Behaviours;
import dev.lifelong.store.BulkLoader;
import dev.lifelong.store.LoadMode;
import dev.lifelong.store.rocksdb.RocksDbBehaviourStore;
import dev.lifelong.store.timeline.TimelineBehaviourStore;
import dev.lifelong.train.run.ReportPlots;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lifelong bench serve}: a real server on loopback, a RocksDB store of synthetic users with exactly L
 * behaviours each, and an HTTP load generator in the same JVM. Per model, L and B: median and p99 latency of
 * requests sent one at a time, then requests/s with several clients at once (saturation), counting every
 * response that is not a 200 with B scores as an error.
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

    @Option(names = "--requests", description = "requests timed one at a time per cell (default: ${DEFAULT-VALUE})",
            defaultValue = "100")
    int requests;

    @Option(names = "--warmup", description = "untimed requests per cell before timing, so that the JIT has "
            + "compiled the cell's paths: latency is measured in the steady state (default: ${DEFAULT-VALUE})",
            defaultValue = "300")
    int warmup;

    @Option(names = "--seconds", description = "saturation run per cell (default: ${DEFAULT-VALUE})",
            defaultValue = "5")
    int seconds;

    @Option(names = "--clients", description = "concurrent clients at saturation (default: ${DEFAULT-VALUE})",
            defaultValue = "4")
    int clients;

    @Option(names = "--threads", description = "server scoring workers (default: all cores)", defaultValue = "0")
    int threads;

    @Option(names = "--out", description = "folder for results.md and latency-vs-length.png (default: "
            + "${DEFAULT-VALUE})", defaultValue = "bench-serve")
    Path out;

    private final Map<Integer, Double> distinctShare = new TreeMap<>();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /**
     * One cell; {@code serverScore} and {@code serverTotal}: the server's own mean time in the timed phase;
     * {@code serverScoreP99} its 99th percentile, as the upper bound of the server's histogram bucket that holds
     * it (the buckets are a few tens of percent wide).
     */
    private record Cell(String model, int length, int seen, int candidates, double median, double p99,
                        double serverScore, double serverScoreP99, double serverTotal, double perSecond,
                        long errors) {
    }

    @Override
    public Integer call() throws Exception {
        if (requests < 1 || warmup < 0 || seconds < 1 || clients < 1 || users < 1) {
            throw new IllegalArgumentException("--requests, --seconds, --clients and --users must be at least 1, "
                    + "--warmup at least 0");
        }
        if (!histories.equals("uniform") && !histories.equals("dataset")) {
            throw new IllegalArgumentException("--histories must be uniform or dataset, not '" + histories + "'");
        }
        PrintWriter w = spec.commandLine().getOut();
        JvmSettings.tailAdvice().ifPresent(w::println);
        Files.createDirectories(out);
        Dataset d = Dataset.open(data);
        ServingVocabulary vocab = ServingVocabulary.of(d);
        int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        ExecutorService scoring = Executors.newFixedThreadPool(workers);
        ExecutorService io = Executors.newFixedThreadPool(8);
        ModelSlots slots = new ModelSlots(vocab, scoring, workers, 10);
        for (Path m : models) {
            ServingModel s = slots.load(m);
            w.printf(Locale.ROOT, "model %s (long_len %d) from %s%n", s.name(), s.longLen(), m);
        }
        w.flush();
        List<Cell> cells = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(clients)).build();
        try {
            for (int len : lengths) {
                Path dir = Files.createTempDirectory("lifelong-bench-store");
                try (BehaviourStore store = RocksDbBehaviourStore.open(dir)) {
                    double distinct = histories.equals("uniform") ? loadUniform(store, d, len)
                            : loadFromDataset(store, d, len);
                    w.printf(Locale.ROOT, "L=%d: %d %s histories, %.1f%% distinct items on average%n", len, users,
                            histories, 100 * distinct);
                    w.flush();
                    distinctShare.put(len, distinct);
                    Limits limits = Limits.DEFAULT.withDefaultTimeoutMs(10_000).withMaxCandidates(Math.max(
                            Limits.DEFAULT.maxCandidates(), Arrays.stream(candidates).max().orElse(1)));
                    ServeMetrics metrics = new ServeMetrics();
                    try (ScoreServer server = new ScoreServer(slots, new HistoryReader(store, io,
                            new RecentBehaviours(1000, 0)), metrics, limits, scoring, workers)
                            .start("127.0.0.1", 0)) {
                        List<String> names = List.copyOf(slots.all().keySet());
                        for (int b : candidates) {
                            for (Cell c : measure(http, server.port(), names, slots, d, len, b, metrics)) {
                                cells.add(c);
                                w.printf(Locale.ROOT, "%-13s L=%-7d B=%-5d median %8.2f ms  p99 %8.2f ms  (server: "
                                        + "score %.2f ms, p99 <= %.1f, total %.2f ms)  %8.1f req/s  errors %d%n",
                                        c.model(), c.length(), c.candidates(), c.median(), c.p99(),
                                        c.serverScore(), c.serverScoreP99(), c.serverTotal(), c.perSecond(),
                                        c.errors());
                                w.flush();
                            }
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
    private List<Cell> measure(HttpClient http, int port, List<String> models, ModelSlots slots, Dataset d, int len,
                               int b, ServeMetrics metrics) throws Exception {
        Random rnd = new Random(31L * len + b);
        String[] bodies = new String[64];
        for (int k = 0; k < bodies.length; k++) {
            StringBuilder s = new StringBuilder("{\"user_id\":\"b").append(k % users).append("\",\"candidates\":[");
            for (int i = 0; i < b; i++) {
                s.append(i == 0 ? "\"" : ",\"").append(d.items().raw(1 + rnd.nextInt(d.items().size() - 1)))
                        .append('"');
            }
            bodies[k] = s.append("]}").toString();
        }
        int n = models.size();
        URI[] uris = new URI[n];
        for (int m = 0; m < n; m++) {
            uris[m] = URI.create("http://127.0.0.1:" + port + "/v1/models/" + models.get(m) + "/score");
            for (int k = 0; k < warmup; k++) {
                send(http, uris[m], bodies[k % bodies.length], b);
            }
        }
        double[][] ms = new double[n][requests];
        long[] errors = new long[n];
        Timer[] score = new Timer[n];
        Timer[] total = new Timer[n];
        long[] scoreCount = new long[n];
        double[] scoreMs = new double[n];
        long[] totalCount = new long[n];
        double[] totalMs = new double[n];
        CountAtBucket[][] scoreBuckets = new CountAtBucket[n][];
        for (int m = 0; m < n; m++) {
            score[m] = metrics.stage(models.get(m), "score");
            total[m] = metrics.stage(models.get(m), "total");
            scoreBuckets[m] = score[m].takeSnapshot().histogramCounts();
            scoreCount[m] = score[m].count();
            scoreMs[m] = score[m].totalTime(TimeUnit.MILLISECONDS);
            totalCount[m] = total[m].count();
            totalMs[m] = total[m].totalTime(TimeUnit.MILLISECONDS);
        }
        for (int k = 0; k < requests; k++) {
            // The first model of a round may meet a colder cache: the round starts at the next model each time.
            for (int j = 0; j < n; j++) {
                int m = (k + j) % n;
                long t = System.nanoTime();
                errors[m] += send(http, uris[m], bodies[k % bodies.length], b) ? 0 : 1;
                ms[m][k] = (System.nanoTime() - t) / 1e6;
            }
        }
        List<Cell> cells = new ArrayList<>();
        for (int m = 0; m < n; m++) {
            double serverScore = (score[m].totalTime(TimeUnit.MILLISECONDS) - scoreMs[m])
                    / Math.max(1, score[m].count() - scoreCount[m]);
            double serverTotal = (total[m].totalTime(TimeUnit.MILLISECONDS) - totalMs[m])
                    / Math.max(1, total[m].count() - totalCount[m]);
            double scoreP99 = percentileBound(scoreBuckets[m], score[m].takeSnapshot().histogramCounts(), 0.99);
            double[] sorted = ms[m];
            Arrays.sort(sorted);
            Saturation sat = saturate(http, uris[m], bodies, b);
            cells.add(new Cell(models.get(m), len, Math.min(len, slots.get(models.get(m)).longLen()), b,
                    sorted[sorted.length / 2], sorted[Math.min(sorted.length - 1,
                    (int) Math.ceil(0.99 * sorted.length) - 1)], serverScore, scoreP99, serverTotal,
                    sat.perSecond(), errors[m] + sat.failed()));
        }
        return cells;
    }

    /**
     * The upper bound (ms) of the histogram bucket holding quantile q of what was recorded between two
     * snapshots of a timer's cumulative bucket counts.
     */
    static double percentileBound(CountAtBucket[] before, CountAtBucket[] after, double q) {
        if (after.length == 0 || before.length != after.length) {
            return Double.NaN;
        }
        double total = after[after.length - 1].count() - before[before.length - 1].count();
        for (int i = 0; i < after.length; i++) {
            if (after[i].count() - before[i].count() >= q * total && total > 0) {
                return after[i].bucket(TimeUnit.MILLISECONDS);
            }
        }
        return Double.NaN;
    }

    private record Saturation(double perSecond, long failed) {
    }

    /** {@code clients} clients sending back to back for {@code seconds}: completed requests per second. */
    private Saturation saturate(HttpClient http, URI uri, String[] bodies, int b) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService load = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            running.add(load.submit(() -> {
                int k = client;
                while (System.nanoTime() < end) {
                    if (send(http, uri, bodies[k++ % bodies.length], b)) {
                        done.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
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

    private static boolean send(HttpClient http, URI uri, String body, int b) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"scores\"") && countScores(r.body()) == b;
        } catch (Exception e) {
            return false;
        }
    }

    private static int countScores(String json) {
        int from = json.indexOf("\"scores\":[");
        int to = json.indexOf(']', from);
        if (from < 0 || to < 0) {
            return -1;
        }
        String inner = json.substring(from + 10, to);
        return inner.isEmpty() ? 0 : inner.split(",").length;
    }

    private void write(List<Cell> cells, PrintWriter w) throws java.io.IOException {
        StringBuilder md = new StringBuilder("| model | L | behaviours scored | B | median ms | p99 ms | server score "
                + "ms (mean) | server score p99 ms (at most) | server total ms (mean) | requests/s | errors |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (Cell c : cells) {
            md.append(String.format(Locale.ROOT, "| `%s` | %,d | %,d | %,d | %.2f | %.2f | %.2f | %.1f | %.2f | %.1f "
                    + "| %d |%n", c.model(), c.length(), c.seen(), c.candidates(), c.median(), c.p99(), c.serverScore(),
                    c.serverScoreP99(), c.serverTotal(), c.perSecond(), c.errors()));
            series.computeIfAbsent(c.model() + ", B=" + c.candidates(), k -> new ArrayList<>())
                    .add(new double[] {c.length(), c.p99()});
        }
        md.append(String.format(Locale.ROOT, "%n%d users per length, histories: %s (distinct items: %s); per cell "
                + "%d untimed requests, %d timed one at a time (the models in turn, on the same bodies), %d clients "
                + "for %d s at saturation; %d cores, %s, %s.%n", users, histories, distinctShares(), warmup, requests,
                clients, seconds, Runtime.getRuntime().availableProcessors(), JvmSettings.describe(), LocalDate.now()));
        Files.writeString(out.resolve("results.md"), md.toString());
        ReportPlots.lines(out.resolve("latency-vs-length.png"), "Serving latency (p99) versus history length",
                "history length L", "p99 ms per request", series);
        w.println();
        w.print(md);
        w.println("written to " + out.resolve("results.md") + " and " + out.resolve("latency-vs-length.png"));
        w.flush();
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
