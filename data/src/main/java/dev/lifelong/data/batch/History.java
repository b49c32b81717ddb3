package dev.lifelong.data.batch;

import java.util.Arrays;

/**
 * One user's behaviours as dense ids, oldest first: what a request reads from a behaviour store, mapped through
 * the vocabularies of the model's dataset. Reused from request to request; {@link #clear}, then {@link #add}
 * row by row, or {@link #grow} and {@link #set} from several threads.
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
        set(grow(1), itemId, categoryId, behaviourId, v, epochSeconds);
    }

    /**
     * Appends {@code n} rows for {@link #set} to fill, from several threads at once if they fill disjoint rows;
     * returns the first. Their time order is checked by {@link #requireTimeOrder}, not here.
     */
    public int grow(int n) {
        int need = length + n;
        if (need > item.length) {
            int c = Math.max(need, 2 * item.length);
            item = Arrays.copyOf(item, c);
            category = Arrays.copyOf(category, c);
            behaviour = Arrays.copyOf(behaviour, c);
            value = Arrays.copyOf(value, c);
            time = Arrays.copyOf(time, c);
        }
        int first = length;
        length = need;
        return first;
    }

    /** Fills row {@code i} of those {@link #grow} appended; the arguments are {@link #add}'s. */
    public void set(int i, int itemId, int categoryId, int behaviourId, float v, long epochSeconds) {
        item[i] = itemId;
        category[i] = categoryId;
        behaviour[i] = behaviourId;
        value[i] = v;
        time[i] = epochSeconds;
    }

    /** Checks what {@link #add} checks row by row, for rows filled by {@link #set}. */
    public void requireTimeOrder() {
        for (int i = 1; i < length; i++) {
            if (time[i] < time[i - 1]) {
                throw new IllegalArgumentException("history out of time order: " + time[i] + " after "
                        + time[i - 1]);
            }
        }
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

    public int behaviour(int i) {
        return behaviour[i];
    }

    /** NaN when the behaviour has none. */
    public float value(int i) {
        return value[i];
    }

    public long time(int i) {
        return time[i];
    }
}
