package dev.lifelong.models.eta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifelong.core.param.EmbeddingTable;
import dev.lifelong.core.param.ParameterSet;
import dev.lifelong.core.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HammingTopKTest {

    @Test
    void keepsTheNearestAndBreaksTiesTowardsRecency() {
        int[] dist = {5, 1, 3, 1, 3, 3, 0, 3};
        int[] sel = new int[8];
        int n = new HammingTopK().select(dist, 8, 4, 64, sel);
        // 0 (pos 6), 1 (pos 1, 3) and the most recent distance-3 behaviour (pos 7).
        assertThat(Arrays.copyOf(sel, n)).containsExactly(1, 3, 6, 7);
    }

    @Test
    void fewerThanKKeepsAll() {
        int[] sel = new int[3];
        assertThat(new HammingTopK().select(new int[] {9, 2, 4}, 3, 5, 64, sel)).isEqualTo(3);
        assertThat(sel).containsExactly(0, 1, 2);
        assertThat(new HammingTopK().select(new int[0], 0, 5, 64, new int[0])).isZero();
    }

    @Test
    void theFusedSignaturePathSelectsWhatTheDistancePathSelects() {
        Rng rng = new Rng(5);
        HammingTopK a = new HammingTopK();
        HammingTopK b = new HammingTopK();
        for (int t = 0; t < 300; t++) {
            int n = 1 + rng.nextInt(t < 30 ? 20_000 : 2_000);
            int k = 1 + rng.nextInt(80);
            long target = rng.nextLong();
            long[] sigs = new long[n];
            for (int i = 0; i < n; i++) {
                // Random, then orders that keep the shrinking bound high for long: far-to-near and all ties.
                sigs[i] = switch (t % 3) {
                    case 0 -> rng.nextLong();
                    case 1 -> target ^ (-1L >>> (64 - Math.max(1, 64 * (n - i) / n)));
                    default -> target ^ 0xFFL;
                };
            }
            int[] d = new int[n];
            for (int i = 0; i < n; i++) {
                d[i] = Long.bitCount(sigs[i] ^ target);
            }
            int[] x = new int[n];
            int[] y = new int[n];
            int nx = a.select(d, n, k, 64, x);
            int ny = b.selectNearest(sigs, n, target, k, 64, y);
            assertThat(Arrays.copyOf(y, ny)).as("trial %d", t).containsExactly(Arrays.copyOf(x, nx));
        }
    }

    /**
     * Long sequences, where the bound comes from a sample: clustered distances, and an adversary whose near
     * behaviours all sit between the sampled positions, so the first bound keeps too few and the pass repeats.
     */
    @Test
    void matchesASortOnLongSequencesWhateverTheSampleSaw() {
        Rng rng = new Rng(11);
        HammingTopK topK = new HammingTopK();
        for (int t = 0; t < 60; t++) {
            int n = 1_000 + rng.nextInt(40_000);
            int k = 1 + rng.nextInt(120);
            int stride = Math.max(1, Math.min(n / 256, 32));
            int[] d = new int[n];
            int nearSampled = 0;
            for (int i = 0; i < n; i++) {
                boolean sampled = i % stride == stride >> 1;
                if (t % 2 == 0) {
                    d[i] = rng.nextInt(64) == 0 ? rng.nextInt(20) : 24 + rng.nextInt(17);
                } else if (sampled) {
                    // A handful of sampled behaviours very near: the first bound keeps little more than them.
                    d[i] = nearSampled++ < 8 ? 1 : 50;
                } else {
                    d[i] = rng.nextInt(n / k + 1) == 0 ? 2 + rng.nextInt(8) : 30 + rng.nextInt(30);
                }
            }
            int[] sel = new int[n];
            int got = topK.select(d, n, k, 64, sel);
            assertThat(Arrays.copyOf(sel, got)).as("trial %d", t).containsExactly(sortedTopK(d, n, k));
        }
    }

    private static int[] sortedTopK(int[] d, int n, int k) {
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> d[a] != d[b] ? Integer.compare(d[a], d[b]) : Integer.compare(b, a));
        int[] expected = new int[Math.min(n, k)];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = idx[i];
        }
        Arrays.sort(expected);
        return expected;
    }

    @Test
    void matchesASortOnRandomInput() {
        Rng rng = new Rng(3);
        HammingTopK topK = new HammingTopK();
        for (int t = 0; t < 200; t++) {
            int n = 1 + rng.nextInt(300);
            int k = 1 + rng.nextInt(60);
            int[] d = new int[n];
            for (int i = 0; i < n; i++) {
                d[i] = rng.nextInt(17);
            }
            int[] sel = new int[n];
            int got = topK.select(d, n, k, 16, sel);
            assertThat(Arrays.copyOf(sel, got)).containsExactly(sortedTopK(d, n, k));
        }
    }

    /** Partial projections of a table too large for one array are refused with the hash_bits that would fit. */
    @Test
    void partialProjectionsBeyondOneArrayAreRefusedWithWhatWouldFit() {
        assertThat(SimHashSignatures.partialSize(1_000, 64, "item")).isEqualTo(64_000);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SimHashSignatures.partialSize(40_000_000, 64, "item"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("40000000 rows need 2560000000 floats")
                .hasMessageContaining("lower hash_bits to at most 53");
    }

    @Test
    void signaturesFromPartialProjectionsAreExactAndFollowUpdates() {
        ParameterSet ps = new ParameterSet(5);
        EmbeddingTable items = ps.embedding("item", 30, 8, 1.0);
        EmbeddingTable cats = ps.embedding("category", 5, 8, 1.0);
        SimHashSignatures sh = new SimHashSignatures(items, cats, 70, 11);
        assertThat(sh.words()).isEqualTo(2);
        float[] r = sh.hashMatrix();
        long[] before = new long[2];
        for (int item = 1; item < 30; item++) {   // kept now, so they must be forgotten after the change
            sh.signature(item, 1 + item % 4, before, 0);
        }
        items.values()[7 * 8] += 3f;
        items.fireRowsUpdated(new int[] {7}, 1);
        for (int item = 1; item < 30; item++) {
            int cat = 1 + item % 4;
            long[] sig = new long[2];
            sh.signature(item, cat, sig, 0);
            for (int j = 0; j < 70; j++) {
                double dot = 0;
                for (int c = 0; c < 8; c++) {
                    dot += items.values()[item * 8 + c] * r[c * 70 + j] + cats.values()[cat * 8 + c] * r[(8 + c) * 70 + j];
                }
                boolean bit = (sig[j / 64] >>> (j % 64) & 1L) == 1L;
                assertThat(bit).as("item %d bit %d", item, j).isEqualTo(dot > 0);
            }
        }
    }

    @Test
    void refreshedRowsAreBitForBitAFreshProjection() {
        ParameterSet ps = new ParameterSet(8);
        EmbeddingTable items = ps.embedding("item", 700, 32, 1.0);
        EmbeddingTable cats = ps.embedding("category", 20, 32, 1.0);
        SimHashSignatures live = new SimHashSignatures(items, cats, 70, 4);
        Rng rng = new Rng(9);
        int[] changed = new int[300];   // more than one refresh block, in no order, with repeats
        for (int i = 0; i < changed.length; i++) {
            changed[i] = rng.nextInt(700);
            for (int c = 0; c < 32; c++) {
                items.values()[changed[i] * 32 + c] += (float) rng.nextGaussian();
            }
        }
        items.fireRowsUpdated(changed, changed.length);
        cats.values()[3 * 32 + 5] -= 2f;
        cats.fireRowsUpdated(new int[] {3}, 1);
        SimHashSignatures fresh = new SimHashSignatures(items, cats, 70, 4);
        assertThat(live.itemPartials()).containsExactly(fresh.itemPartials());
        assertThat(live.categoryPartials()).containsExactly(fresh.categoryPartials());
    }

    @Test
    void keptSignaturesAreRightForEveryCategoryAndUnderConcurrentReaders() throws Exception {
        ParameterSet ps = new ParameterSet(6);
        EmbeddingTable items = ps.embedding("item", 300, 8, 1.0);
        EmbeddingTable cats = ps.embedding("category", 6, 8, 1.0);
        SimHashSignatures shared = new SimHashSignatures(items, cats, 70, 2);
        SimHashSignatures reference = new SimHashSignatures(items, cats, 70, 2);
        long[] expected = new long[300 * 6 * 2];
        for (int item = 1; item < 300; item++) {
            for (int cat = 1; cat < 6; cat++) {
                reference.signature(item, cat, expected, (item * 6 + cat) * 2);
                items.fireRowsUpdated(new int[0], 0);   // a new generation each time: nothing kept is reused
            }
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> wrong = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = t;
                wrong.add(pool.submit(() -> {
                    Rng rng = new Rng(seed);
                    long[] sig = new long[2];
                    int bad = 0;
                    for (int i = 0; i < 50_000; i++) {
                        int item = 1 + rng.nextInt(299);
                        int cat = 1 + (item + rng.nextInt(2)) % 5;   // two categories per item, in turn
                        shared.signature(item, cat, sig, 0);
                        int at = (item * 6 + cat) * 2;
                        if (sig[0] != expected[at] || sig[1] != expected[at + 1]) {
                            bad++;
                        }
                    }
                    return bad;
                }));
            }
            for (java.util.concurrent.Future<Integer> f : wrong) {
                assertThat(f.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSweepBringsEveryKeptSignatureUpToDateWithItsBlocksSharedBetweenThreads() throws Exception {
        ParameterSet ps = new ParameterSet(12);
        EmbeddingTable items = ps.embedding("item", 3000, 8, 1.0);   // three sweep blocks
        EmbeddingTable cats = ps.embedding("category", 6, 8, 1.0);
        SimHashSignatures sh = new SimHashSignatures(items, cats, 70, 3);
        long[] sig = new long[2];
        for (int item = 1; item < 3000; item += 2) {   // every other item kept, each with its own category
            sh.signature(item, 1 + item % 5, sig, 0);
        }
        Rng rng = new Rng(4);
        int[] changed = new int[500];
        for (int i = 0; i < changed.length; i++) {
            changed[i] = 1 + rng.nextInt(2999);
            items.values()[changed[i] * 8 + rng.nextInt(8)] += (float) rng.nextGaussian();
        }
        items.fireRowsUpdated(changed, changed.length);
        cats.values()[2 * 8] -= 1f;
        cats.fireRowsUpdated(new int[] {2}, 1);
        assertThat(sh.isCurrent(1, 2)).isFalse();

        // Few lookups against the 1,500 kept: no sweep.
        sh.beforeLookups(10);
        assertThat(sh.isCurrent(1, 2)).isFalse();

        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            java.util.List<java.util.concurrent.Future<?>> sweeps = new java.util.ArrayList<>();
            for (int t = 0; t < 3; t++) {
                sweeps.add(pool.submit(() -> sh.beforeLookups(100_000)));
            }
            for (java.util.concurrent.Future<?> f : sweeps) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        SimHashSignatures fresh = new SimHashSignatures(items, cats, 70, 3);
        long[] expected = new long[2];
        for (int item = 1; item < 3000; item++) {
            int cat = 1 + item % 5;
            // Kept items are current after the sweep with the category they were kept for; the others untouched.
            assertThat(sh.isCurrent(item, cat)).as("item %d", item).isEqualTo(item % 2 == 1);
            sh.signature(item, cat, sig, 0);
            fresh.signature(item, cat, expected, 0);
            assertThat(sig).as("item %d", item).containsExactly(expected);
        }
    }

    @Test
    void oneWordSignaturesOfASequenceReadOnlyWhatIsKeptForTheirCategoryAndTheCurrentParameters() {
        ParameterSet ps = new ParameterSet(13);
        EmbeddingTable items = ps.embedding("item", 200, 8, 1.0);
        EmbeddingTable cats = ps.embedding("category", 6, 8, 1.0);
        SimHashSignatures sh = new SimHashSignatures(items, cats, 64, 5);
        Rng rng = new Rng(8);
        int n = 600;
        int[] seqItems = new int[n + 3];
        int[] seqCats = new int[n + 3];
        for (int i = 0; i < n + 3; i++) {
            seqItems[i] = 1 + rng.nextInt(199);
            seqCats[i] = 1 + (seqItems[i] + (rng.nextInt(4) == 0 ? 1 : 0)) % 5;   // a quarter with a second category
        }
        long[] got = new long[n];
        long[] expected = new long[1];
        for (int round = 0; round < 3; round++) {
            sh.signatures(seqItems, seqCats, 3, n, got);
            SimHashSignatures fresh = new SimHashSignatures(items, cats, 64, 5);
            for (int i = 0; i < n; i++) {
                fresh.signature(seqItems[3 + i], seqCats[3 + i], expected, 0);
                assertThat(got[i]).as("round %d, behaviour %d", round, i).isEqualTo(expected[0]);
            }
            // New parameters without a sweep: what is kept is stale and must not be read.
            int item = 1 + rng.nextInt(199);
            int cat = 1 + rng.nextInt(5);
            items.values()[item * 8 + rng.nextInt(8)] += 5f;
            cats.values()[cat * 8 + rng.nextInt(8)] -= 5f;
            items.fireRowsUpdated(new int[] {item}, 1);
            cats.fireRowsUpdated(new int[] {cat}, 1);
        }
        SimHashSignatures wide = new SimHashSignatures(items, cats, 70, 5);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> wide.signatures(seqItems, seqCats, 0, 1, got))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("70-bit");
    }
}
