package dev.lifelong.models.frame;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;

/**
 * Numbers the distinct (item, category) pairs of a run of behaviours (a batch, or one sample's history) in order
 * of first occurrence, so that training computes what depends on the pair alone (a signature, a hash code, an
 * inherent relevance) once per pair instead of once per behaviour. Lifelong histories return to their items, so
 * the pairs are few. One instance is reused from run to run without allocating once it has grown.
 *
 * <p>Items nearly always come with one category, so an array indexed by item finds a pair's number; a hash map
 * keyed by the pair serves only the rare item seen with a second category. {@link #reset} undoes the last run's
 * entries one by one, so it costs the pairs numbered, not the catalogue. The array holds an int per item of the
 * catalogue (80 KB at 20,000 items, 40 MB at 10^7) per instance, one per training worker and unit.
 */
public final class DistinctBehaviours {

    private int[] numberOfItem = new int[0];   // per item id: the number of its first pair in this run, -1 if none
    private int[] items = new int[0];          // per number: its pair
    private int[] categories = new int[0];
    private final Long2IntOpenHashMap otherCategories = new Long2IntOpenHashMap();
    private int size;

    public DistinctBehaviours() {
        otherCategories.defaultReturnValue(-1);
    }

    /** Starts a new numbering for item ids below {@code itemRows}. */
    public void reset(int itemRows) {
        if (numberOfItem.length < itemRows) {
            numberOfItem = new int[itemRows];
            java.util.Arrays.fill(numberOfItem, -1);
        } else {
            for (int k = 0; k < size; k++) {
                numberOfItem[items[k]] = -1;
            }
        }
        if (!otherCategories.isEmpty()) {
            otherCategories.clear();
        }
        size = 0;
    }

    /**
     * The pair's number: the one it was given earlier in this run, or else the next one, {@link #size()} as it
     * was before the call (so a caller tells a new pair by comparing the two).
     */
    public int number(int item, int category) {
        int k = numberOfItem[item];
        if (k >= 0) {
            if (categories[k] == category) {
                return k;
            }
            long key = (long) item << 32 | (category & 0xFFFFFFFFL);
            int other = otherCategories.get(key);
            if (other >= 0) {
                return other;
            }
            other = add(item, category);
            otherCategories.put(key, other);
            return other;
        }
        k = add(item, category);
        numberOfItem[item] = k;
        return k;
    }

    private int add(int item, int category) {
        if (size == items.length) {
            int grow = Math.max(16, 2 * size);
            items = java.util.Arrays.copyOf(items, grow);
            categories = java.util.Arrays.copyOf(categories, grow);
        }
        items[size] = item;
        categories[size] = category;
        return size++;
    }

    /** Pairs numbered in this run. */
    public int size() {
        return size;
    }

    /** The item of pair {@code k}. */
    public int item(int k) {
        return items[k];
    }

    /** The category of pair {@code k}. */
    public int category(int k) {
        return categories[k];
    }
}
