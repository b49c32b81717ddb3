package dev.lifelong.bench.store;

import dev.lifelong.store.BehaviourStore;
import dev.lifelong.store.Behaviours;
import dev.lifelong.store.BulkLoader;
import dev.lifelong.store.LoadMode;
import dev.lifelong.store.codec.ChunkCodec;
import dev.lifelong.store.open.StoreSpec;
import dev.lifelong.store.redis.RedisConfig;
import dev.lifelong.store.rocksdb.RocksDbBehaviourStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a server pays per request before any model work: read one user's last {@code length} behaviours and
 * decode them into a reused holder. {@code memory} decodes the same chunks from byte arrays (the codec alone);
 * {@code rocksdb} reads an embedded store in a temporary folder (the block cache holds it: a hot user);
 * {@code redis} reads over loopback from {@code LIFELONG_REDIS} (default {@code redis://127.0.0.1:6379}), which
 * must be running ({@code .ci/redis start}). The user has 10^5 behaviours, stored in chunks of 512 by a bulk
 * load: {@code taobao}-like ones (numeric item ids, almost all distinct, ~60 categories, four behaviour types,
 * time steps under 5 minutes), or a {@code lifelong} user's (3,000 text item ids, most behaviours returning to
 * a few favourites, as the synthetic generator's users do, and time steps of about 10 minutes). With
 * {@code helper = pool} a second thread may decode the newer half of a long read meanwhile
 * ({@link ChunkCodec#decodeAll}), as a server's I/O pool does.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class StoreReadBenchmark {

    static final int HISTORY = 100_000;
    static final String USER = "bench-user";

    @Param({"memory", "rocksdb", "redis"})
    String store;

    @Param({"1000", "10000", "100000"})
    int length;

    @Param({"taobao", "lifelong"})
    String user;

    @Param({"none", "pool"})
    String helper;

    private ExecutorService pool;

    private BehaviourStore open;
    private Path dir;
    private List<byte[]> chunks;
    private String prefix;
    private final Behaviours holder = new Behaviours();

    /** 3% distinct text ids, skewed to favourites: a read makes many chunk dictionary entries of few ids. */
    static Behaviours lifelongHistory() {
        SplittableRandom r = new SplittableRandom(43);
        Behaviours b = new Behaviours(HISTORY);
        long t = 1_500_000_000L;
        for (int i = 0; i < HISTORY; i++) {
            t += 1 + (long) (-600 * Math.log(1 - r.nextDouble()));
            int item = (int) (Math.pow(r.nextDouble(), 3) * 3000);
            b.add("item-" + item, "cat-" + item % 60, i % 10 == 0 ? "cart" : "click", Float.NaN, t);
        }
        return b;
    }

    static Behaviours history() {
        SplittableRandom r = new SplittableRandom(42);
        String[] types = {"pv", "pv", "pv", "pv", "pv", "pv", "cart", "fav", "buy"};
        Behaviours b = new Behaviours(HISTORY);
        long t = 1_500_000_000L;
        for (int i = 0; i < HISTORY; i++) {
            t += r.nextInt(300);
            b.add(Long.toString(1 + r.nextLong(5_000_000)), Integer.toString(1 + r.nextInt(60) * 97),
                    types[r.nextInt(types.length)], Float.NaN, t);
        }
        return b;
    }

    @Setup
    public void setup() throws IOException {
        pool = helper.equals("pool") ? Executors.newSingleThreadExecutor() : null;
        Behaviours h = user.equals("lifelong") ? lifelongHistory() : history();
        switch (store) {
            case "memory" -> {
                chunks = new ArrayList<>();
                for (int from = 0; from < HISTORY; from += 512) {
                    chunks.add(ChunkCodec.encode(h, from, Math.min(HISTORY, from + 512)));
                }
            }
            case "rocksdb" -> {
                dir = Files.createTempDirectory("lifelong-bench-rocksdb");
                open = RocksDbBehaviourStore.open(dir.resolve("db"));
            }
            case "redis" -> {
                String spec = System.getenv().getOrDefault("LIFELONG_REDIS", "redis://127.0.0.1:6379");
                prefix = "lifelong-bench:" + UUID.randomUUID() + ":";
                open = StoreSpec.parse(spec).open(RedisConfig.DEFAULTS.withKeyPrefix(prefix));
            }
            default -> throw new IllegalArgumentException("store " + store);
        }
        if (open != null) {
            try (BulkLoader l = open.bulkLoader(LoadMode.REPLACE)) {
                l.add(USER, h);
            }
        }
        if (read() != Math.min(length, HISTORY)) {
            throw new IllegalStateException(store + " read " + holder.size() + " behaviours, expected " + length);
        }
    }

    @Benchmark
    public int read() {
        if (chunks != null) {
            holder.clear();
            int need = length;
            int first = chunks.size();
            int total = 0;
            while (total < need && first > 0) {
                total += ChunkCodec.count(chunks.get(--first));
            }
            ChunkCodec.decodeAll(chunks.subList(first, chunks.size()), Math.max(0, total - need), holder, pool);
        } else {
            open.read(USER, length, holder, pool);
        }
        return holder.size();
    }

    @TearDown
    public void tearDown() throws IOException {
        if (pool != null) {
            pool.shutdown();
        }
        if (open != null) {
            if (prefix != null) {
                try (BulkLoader l = open.bulkLoader(LoadMode.REPLACE)) {
                    l.add(USER, new Behaviours());   // an empty replace deletes the user's chunks
                }
            }
            open.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
