package dev.lifelong.store;

import static dev.lifelong.store.Histories.last;
import static dev.lifelong.store.Histories.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BehaviourStore} does, run against each implementation (no mocks): subclasses say how to make
 * a store holding given histories, whether it can be appended to, and how to reopen it. Appendable stores are
 * made with small chunks so that a few hundred behaviours cross many chunk boundaries.
 */
public abstract class BehaviourStoreContract {

    private final List<BehaviourStore> open = new ArrayList<>();

    /** A new store holding exactly these histories (users in map order). */
    protected abstract BehaviourStore create(Map<String, Behaviours> histories) throws Exception;

    /** The same data through a new store instance, after {@code store} was closed; null if not persistent. */
    protected abstract BehaviourStore reopen(BehaviourStore store) throws Exception;

    protected boolean appendable() {
        return true;
    }

    /** Bulk-loads histories into an empty appendable store: the default {@link #create} for such stores. */
    protected static BehaviourStore load(BehaviourStore store, Map<String, Behaviours> histories) {
        try (BulkLoader loader = store.bulkLoader(LoadMode.REPLACE)) {
            histories.forEach(loader::add);
        }
        return store;
    }

    protected BehaviourStore store(Map<String, Behaviours> histories) throws Exception {
        BehaviourStore s = create(histories);
        open.add(s);
        return s;
    }

    protected BehaviourStore store(String user, Behaviours history) throws Exception {
        Map<String, Behaviours> m = new LinkedHashMap<>();
        m.put(user, history);
        return store(m);
    }

    @AfterEach
    void closeStores() {
        open.forEach(BehaviourStore::close);
    }

    private static Behaviours read(BehaviourStore s, String user, int maxLen) {
        Behaviours b = new Behaviours();
        s.read(user, maxLen, b);
        return b;
    }

    @Test
    void anUnknownUserReadsEmptyAndMaxLenZeroReadsNothing() throws Exception {
        BehaviourStore s = store("alice", Histories.sequence("i", 5, 1_600_000_000L));
        Behaviours reused = Histories.sequence("stale", 3, 1L);
        s.read("bob", 100, reused);
        assertThat(reused.size()).isZero();
        s.read("alice", 0, reused);
        assertThat(reused.size()).isZero();
        assertThat(read(s, "alice", 100).size()).isEqualTo(5);
    }

    @Test
    void readsTheMostRecentBehavioursOldestFirst() throws Exception {
        Behaviours h = Histories.taobaoLike(1000, 1, false);
        BehaviourStore s = store("u1", h);
        for (int n : new int[] {1, 10, 15, 16, 17, 511, 512, 513, 999, 1000, 1001, Integer.MAX_VALUE}) {
            assertThat(rows(read(s, "u1", n))).as("last %d", n).isEqualTo(last(h, n));
        }
    }

    @Test
    void aHistoryGivenOutOfOrderIsStoredTimeSortedWithTiesInGivenOrder() throws Exception {
        Behaviours h = new Behaviours();
        long[] times = {50, 10, 30, 10, 50, 20, 10};
        for (int i = 0; i < times.length; i++) {
            h.add("x" + i, null, null, Float.NaN, 1_600_000_000L + times[i]);
        }
        BehaviourStore s = store("u", h);
        Behaviours got = read(s, "u", 100);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < got.size(); i++) {
            items.add(got.item(i));
        }
        assertThat(items).containsExactly("x1", "x3", "x6", "x5", "x2", "x0", "x4");
        assertThat(got.isTimeSorted()).isTrue();
    }

    @Test
    void manyUsersStayApart() throws Exception {
        Map<String, Behaviours> m = new LinkedHashMap<>();
        for (int u = 0; u < 40; u++) {
            m.put("user-" + u, Histories.taobaoLike(1 + u * 7, 100 + u, true));
        }
        m.put("user-1x", Histories.sequence("other", 3, 1_600_000_000L));
        BehaviourStore s = store(m);
        for (Map.Entry<String, Behaviours> e : m.entrySet()) {
            assertThat(rows(read(s, e.getKey(), 10_000))).as(e.getKey()).isEqualTo(rows(e.getValue()));
        }
    }

    @Test
    void unicodeAndAwkwardIdsRoundTrip() throws Exception {
        Behaviours h = new Behaviours();
        String[] items = {"商品/é", "", "007", "0", "-5", "18446744073709551615", "999999999999999999",
            "9223372036854775807", "a b\tc\n", "🙂"};
        for (int i = 0; i < items.length; i++) {
            h.add(items[i], i % 2 == 0 ? "カテゴリ" : "0", i % 3 == 0 ? "👍" : "pv", Float.NaN, 1_600_000_000L + i);
        }
        Map<String, Behaviours> m = new LinkedHashMap<>();
        m.put("ユーザー🙂", h);
        m.put("u}", Histories.sequence("brace", 2, 1_600_000_000L));
        m.put("u%7D", Histories.sequence("percent", 3, 1_600_000_000L));
        m.put("{u}", Histories.sequence("tag", 4, 1_600_000_000L));
        BehaviourStore s = store(m);
        for (Map.Entry<String, Behaviours> e : m.entrySet()) {
            assertThat(rows(read(s, e.getKey(), 100))).as(e.getKey()).isEqualTo(rows(e.getValue()));
        }
    }

    @Test
    void valuesAndAbsentFieldsRoundTrip() throws Exception {
        Behaviours h = new Behaviours();
        float[] values = {Float.NaN, 3.5f, -0.0f, 0f, Float.POSITIVE_INFINITY, Float.MIN_VALUE, -1e30f};
        for (int i = 0; i < values.length; i++) {
            h.add("i" + i, i % 2 == 0 ? null : "c", i % 3 == 0 ? null : "rating", values[i], 1_600_000_000L + i);
        }
        Behaviours got = read(store("u", h), "u", 100);
        assertThat(got.size()).isEqualTo(values.length);
        for (int i = 0; i < values.length; i++) {
            assertThat(Float.floatToIntBits(got.value(i))).as("value %d", i).isEqualTo(Float.floatToIntBits(values[i]));
            assertThat(got.category(i)).isEqualTo(h.category(i));
            assertThat(got.behaviour(i)).isEqualTo(h.behaviour(i));
        }
        Behaviours allNaN = new Behaviours().add("a", null, null, Float.NaN, 1_600_000_000L);
        assertThat(Float.isNaN(read(store("v", allNaN), "v", 1).value(0))).isTrue();
    }

    @Test
    void aLargeHistoryReadsWholeOrInPart() throws Exception {
        Behaviours h = Histories.taobaoLike(100_000, 7, true);
        BehaviourStore s = store("big", h);
        Behaviours got = new Behaviours();
        s.read("big", 100_000, got);
        assertThat(rows(got)).isEqualTo(rows(h));
        s.read("big", 1000, got);
        assertThat(rows(got)).isEqualTo(last(h, 1000));
        s.read("big", 200_000, got);
        assertThat(got.size()).isEqualTo(100_000);
    }

    /** A read whose decoding a helper shares reads what a plain read does, whole or cut mid-chunk. */
    @Test
    void aReadWithAHelperReadsTheSame() throws Exception {
        int n = dev.lifelong.store.codec.ChunkCodec.PARALLEL_ROWS + 10_000;
        Behaviours h = Histories.taobaoLike(n, 8, false);
        BehaviourStore s = store("big", h);
        ExecutorService helper = Executors.newFixedThreadPool(1);
        try {
            for (int maxLen : new int[] {n, n - 9_999, 9_000, 100}) {
                Behaviours plain = new Behaviours();
                s.read("big", maxLen, plain);
                Behaviours helped = new Behaviours();
                s.read("big", maxLen, helped, helper);
                assertThat(rows(helped)).as("maxLen %d", maxLen).isEqualTo(rows(plain)).isEqualTo(last(h, maxLen));
            }
        } finally {
            helper.shutdown();
        }
    }

    @Test
    void persistsAcrossReopen() throws Exception {
        Behaviours h = Histories.taobaoLike(300, 3, true);
        BehaviourStore s = create(Map.of("p", h));
        if (appendable()) {
            s.append("p", Histories.sequence("late", 5, 1_700_000_000L));
            h.addAll(Histories.sequence("late", 5, 1_700_000_000L), 0, 5);
        }
        s.close();
        BehaviourStore again = reopen(s);
        open.add(again);
        assertThat(rows(read(again, "p", 1000))).isEqualTo(rows(h));
    }

    @Test
    void badArgumentsAndClosedStoresFailClearly() throws Exception {
        BehaviourStore s = create(Map.of("u", Histories.sequence("i", 2, 1_600_000_000L)));
        Behaviours b = new Behaviours();
        assertThatThrownBy(() -> s.read("", 1, b)).hasMessageContaining("user id must not be empty");
        assertThatThrownBy(() -> s.read(null, 1, b)).hasMessageContaining("user id must not be null");
        assertThatThrownBy(() -> s.read("u", -1, b)).hasMessageContaining("maxLen must be >= 0, got -1");
        assertThatThrownBy(() -> b.add(null, "c", "pv", 1f, 1L)).hasMessageContaining("item id must not be null");
        s.close();
        s.close();
        assertThatThrownBy(() -> s.read("u", 1, b)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(s.describe()).hasMessageContaining("closed");
    }

    @Test
    void aReadOnlyStoreRefusesWritesNamingItself() throws Exception {
        BehaviourStore s = store("u", Histories.sequence("i", 2, 1_600_000_000L));
        assumeFalse(appendable(), "the store is appendable");
        assertThatThrownBy(() -> s.append("u", Histories.sequence("j", 1, 1_700_000_000L)))
                .isInstanceOf(ReadOnlyStoreException.class).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining(s.describe()).hasMessageContaining("read-only");
        assertThatThrownBy(() -> s.bulkLoader(LoadMode.APPEND)).isInstanceOf(ReadOnlyStoreException.class);
        assertThat(read(s, "u", 10).size()).isEqualTo(2);
    }

    // ---- appendable stores -----------------------------------------------------------------------------------

    @Test
    void eachAppendIsVisibleToTheNextRead() throws Exception {
        assumeTrue(appendable(), "the store is read-only");
        Behaviours base = Histories.sequence("b", 20, 1_600_000_000L);
        BehaviourStore s = store("u", base);
        Behaviours expected = new Behaviours().addAll(base, 0, base.size());
        Behaviours one = new Behaviours();
        Behaviours got = new Behaviours();
        for (int i = 0; i < 150; i++) {
            one.clear().add("a" + i, i % 4 == 0 ? null : "c", "pv", i, 1_600_000_100L + i / 3);
            s.append("u", one);
            expected.addAll(one, 0, 1);
            s.read("u", 1_000, got);
            assertThat(got.size()).isEqualTo(expected.size());
            assertThat(got.row(got.size() - 1)).isEqualTo(one.row(0));
        }
        assertThat(rows(got)).isEqualTo(rows(expected));
        s.read("u", 7, got);
        assertThat(rows(got)).isEqualTo(last(expected, 7));
        s.append("fresh", Histories.sequence("f", 3, 5L));
        assertThat(rows(read(s, "fresh", 9))).isEqualTo(rows(Histories.sequence("f", 3, 5L)));
    }

    @Test
    void aBatchIsSortedStablyAndMustNotReachIntoTheStoredPast() throws Exception {
        assumeTrue(appendable(), "the store is read-only");
        BehaviourStore s = store("u", Histories.sequence("b", 3, 100L));   // newest at 102
        Behaviours batch = new Behaviours().add("z", null, null, 1f, 110).add("y", null, null, 2f, 102)
                .add("x", null, null, 3f, 110).add("w", null, null, 4f, 105);
        s.append("u", batch);
        Behaviours got = read(s, "u", 10);
        assertThat(rows(got, 3, 7)).containsExactly(batch.row(1), batch.row(3), batch.row(0), batch.row(2));
        Behaviours late = new Behaviours().add("new", null, null, 1f, 200).add("old", null, null, 1f, 109);
        assertThatThrownBy(() -> s.append("u", late)).isInstanceOf(OutOfOrderAppendException.class)
                .hasMessageContaining(s.describe()).hasMessageContaining("user 'u'")
                .hasMessageContaining("at 109 is older than the newest stored one (110)");
        assertThat(rows(read(s, "u", 10))).isEqualTo(rows(got));
        s.append("u", new Behaviours().add("same-time", null, null, 1f, 110));
        assertThat(read(s, "u", 1).item(0)).isEqualTo("same-time");
    }

    @Test
    void bulkLoadsReplaceOrAppend() throws Exception {
        assumeTrue(appendable(), "the store is read-only");
        BehaviourStore s = store("u", Histories.sequence("old", 40, 100L));
        Behaviours fresh = Histories.sequence("new", 30, 50L);
        try (BulkLoader l = s.bulkLoader(LoadMode.REPLACE)) {
            l.add("u", fresh);
            l.add("v", fresh);
            assertThat(l.users()).isEqualTo(2);
            assertThat(l.behaviours()).isEqualTo(60);
            assertThat(l.bytes()).isPositive();
        }
        assertThat(rows(read(s, "u", 100))).isEqualTo(rows(fresh));
        Behaviours more = Histories.sequence("more", 5, 80L);
        try (BulkLoader l = s.bulkLoader(LoadMode.APPEND)) {
            l.add("u", more);
        }
        assertThat(last(read(s, "u", 100), 5)).isEqualTo(rows(more));
        assertThat(read(s, "u", 100).size()).isEqualTo(35);
        assertThatThrownBy(() -> {
            try (BulkLoader l = s.bulkLoader(LoadMode.APPEND)) {
                l.add("v", Histories.sequence("past", 2, 10L));
            }
        }).isInstanceOf(OutOfOrderAppendException.class).hasMessageContaining("user 'v'");
        assertThat(read(s, "v", 100).size()).isEqualTo(30);
        try (BulkLoader l = s.bulkLoader(LoadMode.REPLACE)) {
            l.add("v", new Behaviours());
        }
        assertThat(read(s, "v", 100).size()).isZero();
        s.append("v", Histories.sequence("again", 2, 1L));
        assertThat(rows(read(s, "v", 100))).isEqualTo(rows(Histories.sequence("again", 2, 1L)));
    }

    @Test
    void concurrentAppendsAndReadsNeverSeeAPartialOrLostAppend() throws Exception {
        assumeTrue(appendable(), "the store is read-only");
        BehaviourStore s = store("seed", Histories.sequence("s", 1, 1L));
        int n = 200;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicBoolean writersDone = new AtomicBoolean();
        try {
            List<Future<?>> writers = new ArrayList<>();
            // Two writers append to one user at the same time (equal times are allowed, so neither is refused).
            for (String w : new String[] {"a", "b"}) {
                writers.add(pool.submit(() -> {
                    Behaviours pair = new Behaviours();
                    for (int i = 0; i < n; i++) {
                        pair.clear().add(w + i + ".0", null, null, i, 1_000L).add(w + i + ".1", null, null, i, 1_000L);
                        s.append("shared", pair);
                    }
                    return null;
                }));
            }
            // Two readers check that every read shows whole pairs, each writer's in order, and never shrinks.
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    Behaviours got = new Behaviours();
                    int seen = 0;
                    while (!writersDone.get()) {
                        s.read("shared", Integer.MAX_VALUE, got);
                        assertThat(got.size()).isGreaterThanOrEqualTo(seen);
                        checkPairs(got);
                        seen = got.size();
                    }
                    return null;
                }));
            }
            try {
                for (Future<?> f : writers) {
                    f.get();
                }
            } finally {
                writersDone.set(true);
            }
            for (Future<?> f : readers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Behaviours all = read(s, "shared", Integer.MAX_VALUE);
        assertThat(all.size()).isEqualTo(4 * n);
        checkPairs(all);
    }

    /** Rows come in pairs {@code w<i>.0, w<i>.1}, and writer w's pairs in order i = 0, 1, 2, ... */
    private static void checkPairs(Behaviours got) {
        assertThat(got.size() % 2).as("a half-visible append").isZero();
        Map<Character, Integer> next = new LinkedHashMap<>();
        for (int i = 0; i < got.size(); i += 2) {
            String first = got.item(i);
            char w = first.charAt(0);
            int k = next.getOrDefault(w, 0);
            assertThat(first).isEqualTo(w + "" + k + ".0");
            assertThat(got.item(i + 1)).isEqualTo(w + "" + k + ".1");
            next.put(w, k + 1);
        }
    }
}
