package dev.lifelong.models.frame;

import java.util.Arrays;

/**
 * A history's behaviours grouped by a key that names everything a unit computes from a behaviour (its item and
 * category, and for TWIN its cross features): the behaviours of one group are alike to the unit, so serving
 * computes a candidate's work once per group, not once per occurrence. Lifelong histories come back to the same
 * items again and again (the default synthetic users' hold about one distinct item in twenty behaviours;
 * {@code lifelong inspect} prints a dataset's share).
 *
 * <p>Groups are numbered in order of first occurrence; each lists its positions in ascending (chronological)
 * order. The arrays returned are the grouping's own, read-only by contract: units walk them in their inner loops.
 */
public final class RowGroups {

    private final int rows;
    private final int groups;
    private final int[] counts;      // [groups]
    private final int[] offsets;     // [groups + 1] into positions
    private final int[] positions;   // each group's positions, ascending
    private final int[] groupOf;     // [rows]

    private RowGroups(int rows, int groups, int[] counts, int[] offsets, int[] positions, int[] groupOf) {
        this.rows = rows;
        this.groups = groups;
        this.counts = counts;
        this.offsets = offsets;
        this.positions = positions;
        this.groupOf = groupOf;
    }

    /**
     * The key table's arrays, lent from request to request: sized for the rows (a table sized for the groups was
     * no faster, {@code RowGroupsBenchmark}), they were 80% of what grouping allocated, about 0.4 MB a request at
     * L = 10^4 and 3 MB at 10^5. A pool rather than one per thread: only the threads grouping at once hold one.
     */
    private static final class Table {
        long[] keys = new long[0];
        int[] ids = new int[0];      // group + 1; 0 = empty slot
        int[] slotOf = new int[0];   // each group's slot, to empty the table again
        int[] counts = new int[0];
    }

    private static final java.util.concurrent.ConcurrentLinkedQueue<Table> TABLES =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** Groups the first {@code n} rows by {@code keys}. */
    public static RowGroups of(long[] keys, int n) {
        Table t = TABLES.poll();
        if (t == null) {
            t = new Table();
        }
        RowGroups grouped = of(keys, n, t);
        TABLES.offer(t);   // only once emptied again: a grouping that failed midway does not lend its table on
        return grouped;
    }

    private static RowGroups of(long[] keys, int n, Table t) {
        int slots = Integer.highestOneBit(Math.max(4, 2 * n)) << 1;
        if (t.keys.length < slots) {
            t.keys = new long[slots];
            t.ids = new int[slots];
        }
        if (t.slotOf.length < n) {
            t.slotOf = new int[n];
            t.counts = new int[n];
        }
        long[] table = t.keys;
        int[] ids = t.ids;
        int[] slotOf = t.slotOf;
        int[] counts = t.counts;
        // A table left larger by a longer history is used whole: only the slots the groups take are touched.
        int mask = table.length - 1;
        int[] groupOf = new int[n];
        int groups = 0;
        for (int i = 0; i < n; i++) {
            long key = keys[i];
            int slot = spread(key) & mask;
            while (ids[slot] != 0 && table[slot] != key) {
                slot = (slot + 1) & mask;
            }
            if (ids[slot] == 0) {
                table[slot] = key;
                slotOf[groups] = slot;
                counts[groups] = 0;
                ids[slot] = ++groups;
            }
            int g = ids[slot] - 1;
            groupOf[i] = g;
            counts[g]++;
        }
        for (int g = 0; g < groups; g++) {
            ids[slotOf[g]] = 0;
        }
        int[] offsets = new int[groups + 1];
        for (int g = 0; g < groups; g++) {
            offsets[g + 1] = offsets[g] + counts[g];
        }
        int[] fill = Arrays.copyOf(offsets, groups);
        int[] positions = new int[n];
        for (int i = 0; i < n; i++) {
            positions[fill[groupOf[i]]++] = i;
        }
        return new RowGroups(n, groups, Arrays.copyOf(counts, groups), offsets, positions, groupOf);
    }

    /**
     * Keys naming each row by its item and category (for units whose work on a behaviour depends on nothing
     * else): rows {@code [from, from + n)} of the id arrays.
     */
    public static long[] itemAndCategoryKeys(int[] items, int[] categories, int from, int n) {
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = (long) items[from + i] << 32 | (categories[from + i] & 0xFFFFFFFFL);
        }
        return keys;
    }

    private static int spread(long s) {
        long h = s * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32);
    }

    /** Rows grouped. */
    public int rows() {
        return rows;
    }

    public int groups() {
        return groups;
    }

    /**
     * Whether per-group work pays: at most a quarter as many groups as rows (a group's work costs a few times a
     * row's in a scan, and the grouping itself is built per request).
     */
    public boolean worthGrouping() {
        return 4L * groups <= rows;
    }

    /** Rows per group. */
    public int[] counts() {
        return counts;
    }

    /** Group g's positions are {@code positions()[offsets()[g] .. offsets()[g + 1])}. */
    public int[] offsets() {
        return offsets;
    }

    public int[] positions() {
        return positions;
    }

    /** The group of each row. */
    public int[] groupOf() {
        return groupOf;
    }

    /** A row of group g: its first. */
    public int first(int g) {
        return positions[offsets[g]];
    }

    /** Group g's most recent row. */
    public int last(int g) {
        return positions[offsets[g + 1] - 1];
    }
}
