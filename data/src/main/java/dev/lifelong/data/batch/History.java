package dev.lifelong.data.batch;

import java.util.Arrays;

/**
 * One user's behaviours as dense ids, oldest first: what a request reads from a behaviour store, mapped through
 * the vocabularies of the model's dataset. Reused from request to request; {@link #clear} then {@link #add}.
 */
public final class History {

    int length;
    int[] item = new int[16];
    int[] category = new int[16];
    int[] behaviour = new int[16];
    float[] value = new float[16];
    long[] time = new long[16];

    public void clear() {
        length = 0;
    }

    /**
     * Appends one behaviour; ids are vocabulary ids (0 for unknown), {@code value} NaN when there is none,
     * {@code epochSeconds} no earlier than the previous behaviour's.
     */
    public void add(int itemId, int categoryId, int behaviourId, float v, long epochSeconds) {
        if (length > 0 && epochSeconds < time[length - 1]) {
            throw new IllegalArgumentException("history out of time order: " + epochSeconds + " after "
                    + time[length - 1]);
        }
        if (length == item.length) {
            int n = length * 2;
            item = Arrays.copyOf(item, n);
            category = Arrays.copyOf(category, n);
            behaviour = Arrays.copyOf(behaviour, n);
            value = Arrays.copyOf(value, n);
            time = Arrays.copyOf(time, n);
        }
        item[length] = itemId;
        category[length] = categoryId;
        behaviour[length] = behaviourId;
        value[length] = v;
        time[length] = epochSeconds;
        length++;
    }

    public int length() {
        return length;
    }

    /** The item ids, valid up to {@link #length()}: the live array, not a copy. */
    public int[] items() {
        return item;
    }

    /** The category ids, valid up to {@link #length()}: the live array, not a copy. */
    public int[] categories() {
        return category;
    }

    public int item(int i) {
        return item[i];
    }

    public long time(int i) {
        return time[i];
    }
}
