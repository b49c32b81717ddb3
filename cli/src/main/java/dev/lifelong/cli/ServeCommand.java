package dev.lifelong.cli;

import dev.lifelong.core.parallel.ClaimedChunks;
import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.vocab.Vocabulary;
import dev.lifelong.serve.history.HistoryReader;
import dev.lifelong.serve.history.RecentBehaviours;
import dev.lifelong.serve.http.Limits;
import dev.lifelong.serve.http.ScoreServer;
import dev.lifelong.serve.metrics.ServeMetrics;
import dev.lifelong.serve.model.ArtifactWatcher;
import dev.lifelong.serve.model.ModelSlots;
import dev.lifelong.serve.model.ServingModel;
import dev.lifelong.serve.model.ServingVocabulary;
import dev.lifelong.serve.warmup.JitWarmUp;
import dev.lifelong.serve.warmup.LoopbackWarmUp;
import dev.lifelong.store.BehaviourStore;
import dev.lifelong.store.BulkLoader;
import dev.lifelong.store.LoadMode;
import dev.lifelong.store.ingest.StoreIngest;
import dev.lifelong.store.open.StoreSpec;
import dev.lifelong.store.redis.RedisConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lifelong serve}: the HTTP scoring server. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serves trained models over HTTP: POST /v1/models/{name}/score scores candidates against the "
            + "user's history read from a behaviour store; POST /v1/events appends behaviours online; health, "
            + "model metadata, reload and Prometheus metrics besides (README, Serving).",
            "The default store is embedded RocksDB beside the dataset (DATA/store), loaded from the dataset's "
            + "timelines on first start (again on the next start if that load was interrupted)."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "ARTIFACT", description = "a model artifact from train "
            + "or compare; repeat to serve several (each under its model name)")
    List<Path> models;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "the dataset the models were "
            + "trained on: its vocabularies map raw ids to the models' ids")
    Path data;

    @Option(names = "--store", paramLabel = "STORE", description = "behaviour store: rocksdb:PATH, timeline:DIR "
            + "(read-only), redis://HOST:PORT or redis-cluster://HOST:PORT,... (default: rocksdb:DATA/store)")
    String store;

    @Option(names = "--host", description = "address to listen on (default: ${DEFAULT-VALUE})",
            defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--port", description = "port (default: ${DEFAULT-VALUE}; 0 picks a free one)",
            defaultValue = "8080")
    int port;

    @Option(names = "--watch", paramLabel = "DIR", description = "load new or changed *.llm artifacts from this "
            + "folder while serving (hot reload)")
    Path watch;

    @Option(names = "--threads", description = "threads scoring one request, its own included (default: all "
            + "cores)", defaultValue = "0")
    int threads;

    @Option(names = "--warmup", description = "scoring rounds run on a model before it serves (default: "
            + "${DEFAULT-VALUE})", defaultValue = "30")
    int warmup;

    @Option(names = "--warmup-traffic", paramLabel = "auto|N", description = "score requests the server sends "
            + "itself on loopback before /v2/health/ready says ready (it answers everything else meanwhile), a "
            + "request to each model a round, for the dataset's users: auto, until the JIT's last tier has taken "
            + "the code a request runs once (5,001 rounds on JDK 17 and 25) and the JIT has been idle for three "
            + "windows of 2 s (at most 30,000 rounds or 5 minutes); a number of rounds; or 0, none (default: "
            + "${DEFAULT-VALUE}; README, Serving)", defaultValue = "0")
    String warmupTraffic;

    @Option(names = "--warmup-candidates", description = "candidates a warm-up request carries, drawn from the "
            + "dataset's items: as many as your requests carry, since the JIT compiles for what it has seen "
            + "(default: 1000, at most --max-candidates)")
    Integer warmupCandidates;

    @Option(names = "--timeout-ms", description = "store-read budget of a request that sets none (default: "
            + "${DEFAULT-VALUE})", defaultValue = "100")
    long timeoutMs;

    @Option(names = "--max-candidates", description = "candidates a score request may carry; more get a 413 "
            + "(default: ${DEFAULT-VALUE})", defaultValue = "10000")
    int maxCandidates;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Counted down by the JVM's shutdown (Ctrl-C, SIGTERM), or by an in-process caller to stop the server. */
    static volatile CountDownLatch stopSignal;

    @Override
    public Integer call() throws Exception {
        if (maxCandidates < 1) {
            throw new IllegalArgumentException("--max-candidates must be at least 1, not " + maxCandidates);
        }
        int trafficRounds = JitWarmUp.rounds(warmupTraffic, "--warmup-traffic");
        if (warmupCandidates != null && (warmupCandidates < 1 || warmupCandidates > maxCandidates)) {
            throw new IllegalArgumentException("--warmup-candidates must be between 1 and --max-candidates ("
                    + maxCandidates + "), not " + warmupCandidates);
        }
        PrintWriter out = spec.commandLine().getOut();
        Dataset d = Dataset.open(data);
        String storeSpec = store != null ? store : "rocksdb:" + data.resolve("store");
        int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        ExecutorService scoring = ClaimedChunks.helperPool(workers, daemon("lifelong-score"));
        // Bounded: during a store outage reads pile up behind hung ones; past the queue a request degrades at once
        // (counted as store_overloaded) instead of waiting out its budget or growing the heap.
        int ioThreads = Math.max(4, 2 * workers);
        ExecutorService io = new java.util.concurrent.ThreadPoolExecutor(ioThreads, ioThreads, 0L,
                java.util.concurrent.TimeUnit.MILLISECONDS, new java.util.concurrent.ArrayBlockingQueue<>(1024),
                daemon("lifelong-store"));
        FirstLoad firstLoad = store == null ? FirstLoad.of(data) : null;
        boolean fresh = firstLoad != null && firstLoad.needed();
        try (BehaviourStore s = StoreSpec.parse(storeSpec).open(RedisConfig.DEFAULTS)) {
            if (fresh) {
                out.printf(Locale.ROOT, "loading %s into %s (%s) ...%n", d.dir(), s.describe(),
                        firstLoad.interrupted() ? "again: the first start's load did not finish" : "first start");
                out.flush();
                firstLoad.run(() -> {
                    try (BulkLoader l = s.bulkLoader(LoadMode.REPLACE)) {
                        StoreIngest.fromDataset(d, l, new ConsoleProgress(System.err));
                    }
                });
            }
            ServingVocabulary vocab = ServingVocabulary.of(d);
            ServeMetrics metrics = new ServeMetrics();
            ModelSlots slots = new ModelSlots(vocab, scoring, workers, warmup);
            slots.onReload(metrics::reload);
            int shortLen = 0;
            for (Path m : models) {
                ServingModel loaded = slots.load(m);
                shortLen = Math.max(shortLen, loaded.shortLen());
                out.printf(Locale.ROOT, "model %s version %s from %s (long %d, short %d)%n", loaded.name(),
                        loaded.version(), m, loaded.longLen(), loaded.shortLen());
            }
            // One read before serving: the store's first read loads classes and opens files, which must not eat
            // the first user's timeout.
            if (d.users().size() > 1) {
                s.read(d.users().raw(1), shortLen, new dev.lifelong.store.Behaviours());
            }
            HistoryReader reader = new HistoryReader(s, io, new RecentBehaviours(100_000, shortLen));
            Limits limits = Limits.DEFAULT.withDefaultTimeoutMs(timeoutMs).withMaxCandidates(maxCandidates);
            try (ScoreServer server = new ScoreServer(slots, reader, metrics, limits, scoring, workers);
                 ArtifactWatcher watcher = watch == null ? null : new ArtifactWatcher(watch, slots, 2_000)) {
                if (watcher != null) {
                    for (Path m : models) {
                        if (m.toAbsolutePath().getParent().equals(watch.toAbsolutePath())) {
                            watcher.alreadyLoaded(m);
                        }
                    }
                }
                // Published before "serving on" is printed, so whoever reads that line can stop the server.
                CountDownLatch stop = new CountDownLatch(1);
                stopSignal = stop;
                if (trafficRounds != 0) {
                    server.holdReadiness("warming up: sending score requests to itself (serve --warmup-traffic)");
                }
                server.start(host, port);
                out.printf(Locale.ROOT, "serving on http://%s:%d with store %s, a request scored on %d threads%s%n",
                        host, server.port(), s.describe(), workers, watch == null ? "" : ", watching " + watch);
                JvmSettings.tailAdvice().ifPresent(out::println);
                out.flush();
                Thread hook = new Thread(stop::countDown);
                Runtime.getRuntime().addShutdownHook(hook);
                if (trafficRounds != 0) {
                    warmUp(server, slots, d, trafficRounds, stop, out);
                }
                stop.await();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is what stopped us
                }
            }
        } finally {
            scoring.shutdownNow();
            io.shutdownNow();
        }
        return 0;
    }

    /**
     * Sends the server's own warm-up traffic (LoopbackWarmUp) and then lets readiness through. A user with a
     * history in the store is what makes the read and its decoding run, so the users come from the dataset the
     * default store is loaded from.
     */
    private void warmUp(ScoreServer server, ModelSlots slots, Dataset d, int rounds, CountDownLatch stop,
                        PrintWriter out) {
        int b = warmupCandidates != null ? warmupCandidates : Math.min(1_000, maxCandidates);
        out.printf(Locale.ROOT, "warming up with score requests to itself (%s, %d candidates each); "
                + "/v2/health/ready answers 503 until done%n", rounds < 0 ? "auto" : String.format(Locale.ROOT,
                "%,d rounds", rounds), b);
        out.flush();
        LoopbackWarmUp traffic = new LoopbackWarmUp(server.port(), List.copyOf(slots.all().keySet()),
                rawIds(d.users()), rawIds(d.items()), b, 1);
        traffic.run(new JitWarmUp(rounds), server::holdReadiness, () -> stop.getCount() == 0, out);
        if (stop.getCount() > 0) {
            server.releaseReadiness();
            out.println("ready");
            out.flush();
        }
    }

    /** A vocabulary's raw ids, id 0 (padding) left out, without copying them. */
    private static List<String> rawIds(Vocabulary v) {
        return new java.util.AbstractList<>() {
            @Override
            public String get(int i) {
                return v.raw(i + 1);
            }

            @Override
            public int size() {
                return v.size() - 1;
            }
        };
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
