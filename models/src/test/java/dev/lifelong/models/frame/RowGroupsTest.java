package dev.lifelong.models.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Grouping rows by key, against a map kept in order of first occurrence: the same groups, numbered alike, each
 * with its positions ascending, from one key to every row its own.
 */
class RowGroupsTest {

    @Test
    void groupsAsAnOrderedMapDoesAtEverySpreadOfKeys() {
        SplittableRandom rnd = new SplittableRandom(5);
        // Up, then down again: each grouping lends the key table the last one emptied, a larger one included.
        for (int distinct : new int[] {1, 3, 700, 1_024, 1_025, 3_000, 20_000, 3_000, 700, 3, 1}) {
            int n = Math.max(10, Math.min(20_000, 3 * distinct));
            long[] keys = new long[n + 2];
            long[] pool = new long[distinct];
            for (int k = 0; k < distinct; k++) {
                pool[k] = rnd.nextLong();
            }
            for (int i = 0; i < keys.length; i++) {
                keys[i] = pool[i < distinct ? i % distinct : rnd.nextInt(distinct)];
            }
            RowGroups g = RowGroups.of(keys, n);

            Map<Long, List<Integer>> expected = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                expected.computeIfAbsent(keys[i], x -> new ArrayList<>()).add(i);
            }
            assertThat(g.rows()).isEqualTo(n);
            assertThat(g.groups()).as("distinct %d", distinct).isEqualTo(expected.size());
            int group = 0;
            for (List<Integer> rows : expected.values()) {
                assertThat(g.counts()[group]).isEqualTo(rows.size());
                for (int j = 0; j < rows.size(); j++) {
                    assertThat(g.positions()[g.offsets()[group] + j]).isEqualTo(rows.get(j));
                    assertThat(g.groupOf()[rows.get(j)]).isEqualTo(group);
                }
                assertThat(g.first(group)).isEqualTo(rows.get(0));
                assertThat(g.last(group)).isEqualTo(rows.get(rows.size() - 1));
                group++;
            }
        }
    }

    @Test
    void noRowsMakeNoGroups() {
        RowGroups g = RowGroups.of(new long[0], 0);
        assertThat(g.groups()).isZero();
        assertThat(g.rows()).isZero();
        assertThat(g.offsets()).containsExactly(0);
    }
}
