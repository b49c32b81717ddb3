package dev.lifelong.models.twin;

import dev.lifelong.models.frame.Ranking;
import dev.lifelong.models.frame.RowGroups;
import java.util.Arrays;

/**
 * A request's history grouped twice, for TWIN's search over a history that returns to its items. Relevance is
 * {@code alpha = (K_h W^h) . q + b}: its dot product depends on the item alone, its cross bias {@code b} on the
 * behaviour's cross features (type, value, time gap). So behaviours are grouped by everything TWIN sees (the
 * fine groups: item, category and the cross features kept, whose behaviours are alike in relevance and value),
 * and fine groups by item and category (the item groups, over which a candidate's dot products are computed
 * once). A user active now sees an item's past visits at many time gaps: in the default synthetic users' last
 * 10^4 behaviours, about 750 items make 1,400-2,700 fine groups.
 *
 * <p>Within an item group the fine groups are listed by cross bias, highest first, then by their newest
 * behaviour: for any candidate and head, {@code alpha} never rises down the list (rounding is monotone), so a
 * head's best behaviour of the item is among the first fine groups with behaviours left.
 */
final class ItemGroups {

    final RowGroups fine;
    /** Item groups. */
    final int groups;
    /** Item group g's fine groups are {@code members[memberStart[g] .. memberStart[g + 1])}, in the order above. */
    final int[] memberStart;
    final int[] members;
    final int[] itemGroupOf;   // [fine groups]
    final float[] bias;        // [fine groups]: the cross bias
    final float[] maxBias;     // [groups]: the bias of each item group's first member

    private ItemGroups(RowGroups fine, RowGroups items, float[] bias) {
        this.fine = fine;
        this.groups = items.groups();
        this.bias = bias;
        this.itemGroupOf = items.groupOf();
        this.memberStart = items.offsets();
        this.members = new int[fine.groups()];
        this.maxBias = new float[groups];
        long[] order = new long[0];
        for (int g = 0; g < groups; g++) {
            int from = memberStart[g];
            int n = memberStart[g + 1] - from;
            if (order.length < n) {
                order = new long[Math.max(n, 2 * order.length)];
            }
            // Bias, then newest behaviour, in one key: sorted ascending, read from the end.
            for (int j = 0; j < n; j++) {
                int s = items.positions()[from + j];
                order[j] = (long) Ranking.sortable(bias[s]) << 32 | fine.last(s);
            }
            Arrays.sort(order, 0, n);
            for (int j = 0; j < n; j++) {
                members[from + j] = fine.groupOf()[(int) order[n - 1 - j]];
            }
            maxBias[g] = bias[members[from]];
        }
    }

    /**
     * @param fine   the history's behaviours grouped by everything TWIN sees
     * @param items  the fine groups grouped by item and category ({@link #byItem})
     * @param bias   per fine group, its cross bias (finite: the order above assumes it)
     */
    static ItemGroups of(RowGroups fine, RowGroups items, float[] bias) {
        return new ItemGroups(fine, items, bias);
    }

    /**
     * The fine groups grouped by {@code itemKeys} (per fine group, its item: an item in the table has one
     * category, its usual one; a behaviour seen with another has a key of its own), or null when that does not
     * pay: more than a quarter as many items as behaviours. Checked before the biases and orders are worked out.
     */
    static RowGroups byItem(RowGroups fine, long[] itemKeys) {
        RowGroups items = RowGroups.of(itemKeys, fine.groups());
        return 4L * items.groups() <= fine.rows() ? items : null;
    }

    /** A fine group of item group g: its first member, whose item and category every member shares. */
    int representative(int g) {
        return members[memberStart[g]];
    }
}
