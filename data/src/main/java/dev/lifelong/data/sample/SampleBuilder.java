package dev.lifelong.data.sample;

import dev.lifelong.core.random.Rng;
import dev.lifelong.data.timeline.EventTable;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;

/**
 * Turns events sorted by (user, time, file order) into samples under a {@link LabelProtocol}. A sample's history
 * is always the user's timeline rows before the sample's own event: its {@code historyEnd} is the number of
 * timeline rows that precede the event in timeline order, so the target event and everything after it are out
 * of reach by construction.
 */
public final class SampleBuilder {

    private static final int SAMPLER_TRIES = 50;

    private final EventTable table;
    private final int[] order;
    private final int itemCount;
    private final int[] itemCategory;
    private long uniformFallbacks;

    /**
     * @param order        event indices sorted by (user, time, file order)
     * @param itemCount    item ids including 0
     * @param itemCategory category of each item id
     */
    public SampleBuilder(EventTable table, int[] order, int itemCount, int[] itemCategory) {
        this.table = table;
        this.order = order;
        this.itemCount = itemCount;
        this.itemCategory = itemCategory;
    }

    /** Whether event {@code e} is part of its user's behaviour history under {@code protocol}. */
    public boolean isBehaviour(LabelProtocol protocol, int e) {
        if (protocol instanceof LabelProtocol.Explicit ex && Float.isNaN(ex.threshold())) {
            return table.label(e) == 1f;
        }
        return true;
    }

    /** Same-category draws that found no eligible item and fell back to a uniform draw. */
    public long uniformFallbacks() {
        return uniformFallbacks;
    }

    public SampleColumns build(LabelProtocol protocol, Rng rng) {
        SampleColumns out = new SampleColumns();
        int[][] byCategory = protocol instanceof LabelProtocol.Explicit ? null : itemsByCategory();
        IntOpenHashSet seen = new IntOpenHashSet();
        int timelineRow = 0;
        int p = 0;
        while (p < order.length) {
            int user = table.user(order[p]);
            int end = p;
            while (end < order.length && table.user(order[end]) == user) {
                end++;
            }
            if (protocol instanceof LabelProtocol.LastBehaviour) {
                timelineRow = lastBehaviour(p, end, timelineRow, byCategory, rng, out);
            } else {
                seen.clear();
                for (int q = p; q < end; q++) {
                    int e = order[q];
                    boolean behaviour = isBehaviour(protocol, e);
                    if (protocol instanceof LabelProtocol.Explicit ex) {
                        float y = Float.isNaN(ex.threshold()) ? table.label(e) : table.value(e) >= ex.threshold() ? 1f : 0f;
                        out.add(user, table.item(e), table.category(e), y, table.time(e), timelineRow, q, Float.NaN);
                    } else {
                        LabelProtocol.SampledNegatives sn = (LabelProtocol.SampledNegatives) protocol;
                        seen.add(table.item(e));
                        out.add(user, table.item(e), table.category(e), 1f, table.time(e), timelineRow, q, Float.NaN);
                        for (int k = 0; k < sn.negatives(); k++) {
                            int neg = sampleNegative(sn.sampler(), table.category(e), seen, byCategory, rng);
                            out.add(user, neg, itemCategory[neg], 0f, table.time(e), timelineRow, q, Float.NaN);
                        }
                    }
                    if (behaviour) {
                        timelineRow++;
                    }
                }
            }
            p = end;
        }
        return out;
    }

    private int lastBehaviour(int from, int to, int timelineRow, int[][] byCategory, Rng rng, SampleColumns out) {
        IntOpenHashSet seen = new IntOpenHashSet();
        for (int q = from; q < to; q++) {
            seen.add(table.item(order[q]));
        }
        int last = order[to - 1];
        int historyEnd = timelineRow + (to - from) - 1;
        int user = table.user(last);
        out.add(user, table.item(last), table.category(last), 1f, table.time(last), historyEnd, to - 1, Float.NaN);
        int neg = sampleNegative(NegativeSampler.SAME_CATEGORY, table.category(last), seen, byCategory, rng);
        out.add(user, neg, itemCategory[neg], 0f, table.time(last), historyEnd, to - 1, Float.NaN);
        return timelineRow + (to - from);
    }

    private int sampleNegative(NegativeSampler sampler, int category, IntOpenHashSet excluded, int[][] byCategory,
                               Rng rng) {
        if (itemCount - 1 <= excluded.size()) {
            throw new IllegalStateException("a user has interacted with every one of the " + (itemCount - 1)
                    + " known items, so no negative can be drawn; use the explicit protocol or more items");
        }
        if (sampler == NegativeSampler.SAME_CATEGORY && category > 0 && category < byCategory.length) {
            int[] pool = byCategory[category];
            if (pool.length > 0) {
                for (int t = 0; t < SAMPLER_TRIES; t++) {
                    int candidate = pool[rng.nextInt(pool.length)];
                    if (!excluded.contains(candidate)) {
                        return candidate;
                    }
                }
            }
            uniformFallbacks++;
        }
        while (true) {
            int candidate = 1 + rng.nextInt(itemCount - 1);
            if (!excluded.contains(candidate)) {
                return candidate;
            }
        }
    }

    private int[][] itemsByCategory() {
        int categories = 0;
        for (int c : itemCategory) {
            categories = Math.max(categories, c + 1);
        }
        IntArrayList[] lists = new IntArrayList[categories];
        for (int c = 0; c < categories; c++) {
            lists[c] = new IntArrayList();
        }
        for (int it = 1; it < itemCount; it++) {
            lists[itemCategory[it]].add(it);
        }
        int[][] out = new int[categories][];
        for (int c = 0; c < categories; c++) {
            out[c] = lists[c].toIntArray();
        }
        return out;
    }
}
