package dev.lifelong.bench.store;

import dev.lifelong.data.vocab.Vocabulary;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Mapping one store read's ids to a model's dense ids, as a server does per request: 3,000 distinct ids (a read
 * of 10^4 behaviours over 730 items holds about that many symbols) against a vocabulary of {@code items}. Each
 * call gets freshly made ids (a read decodes new ones), and with {@code cold} the caches are flushed first, as
 * scoring a thousand candidates flushes them between two requests.
 * <ul>
 *   <li>{@code generalMap}: ids like {@code "i123"} through a fastutil map of strings, the vocabulary's lookup
 *       until developer session 9;</li>
 *   <li>{@code text}: the same through {@link Vocabulary#id}, one by one;</li>
 *   <li>{@code textBatch}: the same through {@link Vocabulary#ids}, as the server maps a read;</li>
 *   <li>{@code numberAsText}: numeric ids as a store holds them ({@code long}s), each made a string and looked up
 *       (the server's way until developer session 9);</li>
 *   <li>{@code number}: the same ids through {@link Vocabulary#idOfNumber}.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class VocabularyLookupBenchmark {

    static final int LOOKUPS = 3000;

    @Param({"20000", "1000000"})
    int items;

    @Param({"true", "false"})
    boolean cold;

    private Vocabulary textIds;
    private Object2IntOpenHashMap<String> map;
    private Vocabulary numericIds;
    private String[] raw;
    private String[] texts;
    private long[] numbers;
    private final int[] ids = new int[LOOKUPS];
    /** Larger than this machine's last-level cache: reading it through evicts the tables. */
    private final byte[] flush = new byte[64 << 20];
    private long flushed;
    private long reads;

    @Setup
    public void build() {
        raw = new String[items + 1];
        String[] numeric = new String[items + 1];
        for (int i = 1; i <= items; i++) {
            raw[i] = "i" + i;
            numeric[i] = Long.toString(1_000_000L + 7L * i);
        }
        textIds = Vocabulary.of("item", raw, new long[items + 1]);
        map = new Object2IntOpenHashMap<>(items);
        for (int i = 1; i <= items; i++) {
            map.put(raw[i], i);
        }
        numericIds = Vocabulary.of("item", numeric, new long[items + 1]);
        textIds.id("i1");           // builds the lookup tables
        numericIds.idOfNumber(1);
        texts = new String[LOOKUPS];
        numbers = new long[LOOKUPS];
    }

    @Setup(Level.Invocation)
    public void freshRead() {
        if (cold) {
            long s = 0;
            for (int i = 0; i < flush.length; i += 64) {
                s += flush[i]++;
            }
            flushed += s;
        }
        SplittableRandom rnd = new SplittableRandom(reads++);
        for (int j = 0; j < LOOKUPS; j++) {
            // One in twenty unknown to the vocabulary, as items newer than the model.
            int i = rnd.nextInt(items);
            boolean known = rnd.nextInt(20) != 0;
            // New characters and no cached hash, as a decoded id: new String(String) would share both.
            texts[j] = known ? new String(raw[1 + i].toCharArray()) : "n" + i;
            numbers[j] = 1_000_000L + 7L * (1 + i) + (known ? 0 : 3);
        }
    }

    @Benchmark
    public int text() {
        int sum = 0;
        for (String t : texts) {
            sum += textIds.id(t);
        }
        return sum;
    }

    @Benchmark
    public int generalMap() {
        int sum = 0;
        for (String t : texts) {
            sum += map.getInt(t);
        }
        return sum;
    }

    @Benchmark
    public int textBatch() {
        textIds.ids(texts, LOOKUPS, ids);
        return ids[0] + ids[LOOKUPS - 1];
    }

    @Benchmark
    public int numberAsText() {
        int sum = 0;
        for (long n : numbers) {
            sum += numericIds.id(Long.toString(n));
        }
        return sum;
    }

    @Benchmark
    public int number() {
        int sum = 0;
        for (long n : numbers) {
            sum += numericIds.idOfNumber(n);
        }
        return sum;
    }
}
