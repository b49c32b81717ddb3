package dev.lifelong.models.eta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifelong.core.random.Rng;
import dev.lifelong.models.frame.RowGroups;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SignatureGroupsTest {

    @Test
    void groupsEqualSignaturesAndCountsThem() {
        long[] sigs = {7, 3, 7, 7, 9, 3};
        SignatureGroups g = SignatureGroups.of(sigs, sigs, sigs.length);
        assertThat(g.groups()).isEqualTo(3);
        assertThat(g.worthGrouping()).isFalse();
        long[] ones = {1, 1, 1, 1, 1, 1, 1, 1};
        assertThat(SignatureGroups.of(ones, ones, 8).worthGrouping()).isTrue();
        // Keys, not signatures, make a group: two items that happen to hash alike stay apart.
        assertThat(SignatureGroups.of(new long[] {1, 2, 1, 2}, new long[] {5, 5, 5, 5}, 4).groups()).isEqualTo(2);
    }

    @Test
    void tiesAtTheThresholdGoToTheMostRecentAcrossGroups() {
        // Target 0: distances 1, 2, 1, 2, 2, 0, 2 for signatures 1, 3, 2, 3, 5, 0, 6.
        long[] sigs = {1, 3, 2, 3, 5, 0, 6};
        int[] sel = new int[7];
        SignatureGroups groups = SignatureGroups.of(sigs, sigs, sigs.length);
        int n = groups.select(0L, 5, 64, sel, new SignatureGroups.Scratch());
        // 0 (pos 5), 1 (pos 0, 2), then the two most recent at distance 2: positions 6 and 4.
        assertThat(Arrays.copyOf(sel, n)).containsExactly(0, 2, 4, 5, 6);
        // By group: signature 3 (positions 1 and 3) is older than both of the tied ones kept.
        int[] rows = new int[7];
        int[] mult = new int[7];
        int g = groups.selectGrouped(0L, 5, 64, rows, mult, new SignatureGroups.Scratch());
        assertThat(g).isEqualTo(5);
        for (int j = 0; j < g; j++) {
            assertThat(mult[j]).isEqualTo(1);
        }
        assertThat(Arrays.stream(rows, 0, g).sorted().toArray()).containsExactly(0, 2, 4, 5, 6);
    }

    /**
     * Histories drawn from a small pool of signatures (few groups, many behaviours each), from a large one, and
     * skewed towards a few favourites: the grouped selection keeps exactly the behaviours the plain scan keeps,
     * in the same order.
     */
    @Test
    void selectsWhatThePlainScanSelects() {
        Rng rng = new Rng(17);
        HammingTopK plain = new HammingTopK();
        SignatureGroups.Scratch scratch = new SignatureGroups.Scratch();
        for (int t = 0; t < 400; t++) {
            int n = 1 + rng.nextInt(t < 40 ? 30_000 : 3_000);
            int k = 1 + rng.nextInt(100);
            int pool = 1 + rng.nextInt(t % 2 == 0 ? 40 : 2_000);
            long target = rng.nextLong();
            long[] vocabulary = new long[pool];
            for (int v = 0; v < pool; v++) {
                // Near the target or not, so that thresholds fall anywhere from 0 to about 32.
                vocabulary[v] = rng.nextInt(3) == 0 ? target ^ (1L << rng.nextInt(64)) ^ (1L << rng.nextInt(64))
                        : rng.nextLong();
            }
            long[] sigs = new long[n];
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                // Every fourth history returns to a few favourites, as a lifelong one does (index = pool x u^2):
                // its heaviest groups then hold most behaviours, and their own threshold bounds the selection.
                double u = rng.nextDouble();
                keys[i] = t % 4 == 1 ? Math.min(pool - 1, (int) (pool * u * u)) : rng.nextInt(pool);
                sigs[i] = vocabulary[(int) keys[i]];
            }
            int[] x = new int[Math.max(n, k)];
            int[] y = new int[Math.max(n, k)];
            int nx = plain.selectNearest(sigs, n, target, k, 64, x);
            SignatureGroups groups = SignatureGroups.of(keys, sigs, n);
            int ny = groups.select(target, k, 64, y, scratch);
            assertThat(Arrays.copyOf(y, ny)).as("trial %d", t).containsExactly(Arrays.copyOf(x, nx));
            // By group: each kept key as often as the plain scan keeps it.
            int[] rows = new int[Math.max(n, k)];
            int[] mult = new int[Math.max(n, k)];
            int g = groups.selectGrouped(target, k, 64, rows, mult, scratch);
            java.util.Map<Long, Integer> expected = new java.util.HashMap<>();
            for (int i = 0; i < nx; i++) {
                expected.merge(keys[x[i]], 1, Integer::sum);
            }
            java.util.Map<Long, Integer> grouped = new java.util.HashMap<>();
            for (int j = 0; j < g; j++) {
                assertThat(grouped.put(keys[rows[j]], mult[j])).as("trial %d: a key twice", t).isNull();
            }
            assertThat(grouped).as("trial %d", t).isEqualTo(expected);
            // The vector pass over the groups keeps the same, in the same order.
            SignatureGroups byVectors = SignatureGroups.of(RowGroups.of(keys, n), sigs, true);
            int[] z = new int[Math.max(n, k)];
            assertThat(Arrays.copyOf(z, byVectors.select(target, k, 64, z, scratch))).as("trial %d", t)
                    .containsExactly(Arrays.copyOf(x, nx));
            int[] vRows = new int[Math.max(n, k)];
            int[] vMult = new int[Math.max(n, k)];
            int vg = byVectors.selectGrouped(target, k, 64, vRows, vMult, scratch);
            assertThat(Arrays.copyOf(vRows, vg)).as("trial %d", t).containsExactly(Arrays.copyOf(rows, g));
            assertThat(Arrays.copyOf(vMult, vg)).as("trial %d", t).containsExactly(Arrays.copyOf(mult, g));
        }
    }

    /**
     * A history where no group is heavier than the rest, so the spread sample sets the bound, and an adversary
     * for it: the sampled groups are near the target but hold one behaviour each, the others far and heavy, so
     * the first bound keeps fewer than k and the pass is repeated. Either way the plain scan's selection.
     */
    @Test
    void theSpreadSampleBoundsAndRetriesExactly() {
        Rng rng = new Rng(29);
        HammingTopK plain = new HammingTopK();
        SignatureGroups.Scratch scratch = new SignatureGroups.Scratch();
        int groups = 5_000;
        int stride = groups / SignatureGroups.SPREAD;
        for (int t = 0; t < 24; t++) {
            boolean adversary = t % 2 == 1;
            long target = rng.nextLong();
            long[] vocabulary = new long[groups];
            int[] copies = new int[groups];
            for (int g = 0; g < groups; g++) {
                boolean sampled = g % stride == stride / 2;
                vocabulary[g] = adversary ? target ^ (sampled ? 1L : 0xFF_FFFF_FFFFL) : rng.nextLong();
                copies[g] = adversary ? (sampled ? 1 : 5) : 1 + rng.nextInt(6);
            }
            // Every group's first behaviour in group order, so group indices are the vocabulary's; then the rest.
            int n = java.util.Arrays.stream(copies).sum();
            long[] keys = new long[n];
            int at = 0;
            for (int g = 0; g < groups; g++) {
                keys[at++] = g;
            }
            for (int g = 0; g < groups; g++) {
                for (int c = 1; c < copies[g]; c++) {
                    keys[at++] = g;
                }
            }
            long[] sigs = new long[n];
            for (int i = 0; i < n; i++) {
                sigs[i] = vocabulary[(int) keys[i]];
            }
            int k = adversary ? SignatureGroups.SPREAD + 40 : 1 + rng.nextInt(100);
            int[] x = new int[n];
            int nx = plain.selectNearest(sigs, n, target, k, 64, x);
            for (boolean vector : new boolean[] {false, true}) {
                SignatureGroups byGroups = SignatureGroups.of(RowGroups.of(keys, n), sigs, vector);
                assertThat(byGroups.groups()).isEqualTo(groups);
                int[] y = new int[n];
                assertThat(Arrays.copyOf(y, byGroups.select(target, k, 64, y, scratch)))
                        .as("trial %d, vector %b", t, vector).containsExactly(Arrays.copyOf(x, nx));
            }
        }
    }
}
