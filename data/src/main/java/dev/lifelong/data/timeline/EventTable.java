package dev.lifelong.data.timeline;

import dev.lifelong.data.read.EventSink;
import dev.lifelong.data.read.RawEvent;
import dev.lifelong.data.vocab.VocabularyBuilder;
import it.unimi.dsi.fastutil.floats.FloatArrayList;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;

/**
 * Accepted events in file order, columnar, with ids interned as they arrive: about 30 bytes per event in
 * memory, never the input text. The position of an event here is its file order, which breaks timestamp ties.
 */
public final class EventTable implements EventSink {

    final VocabularyBuilder users = new VocabularyBuilder("user");
    final VocabularyBuilder items = new VocabularyBuilder("item");
    final VocabularyBuilder categories = new VocabularyBuilder("category");
    final VocabularyBuilder behaviours = new VocabularyBuilder("behaviour");
    final IntArrayList user = new IntArrayList();
    final IntArrayList item = new IntArrayList();
    final IntArrayList category = new IntArrayList();
    final IntArrayList behaviour = new IntArrayList();
    final FloatArrayList value = new FloatArrayList();
    final LongArrayList time = new LongArrayList();
    final FloatArrayList label = new FloatArrayList();

    @Override
    public void accept(RawEvent e) {
        if (user.size() == Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("more than 2^31 events: split the input or prepare it on Spark");
        }
        user.add(users.add(e.user));
        item.add(items.add(e.item));
        category.add(categories.add(e.category));
        behaviour.add(behaviours.add(e.behaviour));
        value.add(e.value);
        time.add(e.timestamp);
        label.add(e.label);
    }

    public int size() {
        return user.size();
    }

    public VocabularyBuilder users() {
        return users;
    }

    public VocabularyBuilder items() {
        return items;
    }

    public VocabularyBuilder categories() {
        return categories;
    }

    public VocabularyBuilder behaviours() {
        return behaviours;
    }

    public int user(int i) {
        return user.getInt(i);
    }

    public int item(int i) {
        return item.getInt(i);
    }

    public int category(int i) {
        return category.getInt(i);
    }

    public int behaviour(int i) {
        return behaviour.getInt(i);
    }

    public float value(int i) {
        return value.getFloat(i);
    }

    public long time(int i) {
        return time.getLong(i);
    }

    public float label(int i) {
        return label.getFloat(i);
    }

    /** Replaces provisional ids by final ones, in place. */
    public void remap(int[] userMap, int[] itemMap, int[] categoryMap, int[] behaviourMap) {
        int[] u = user.elements();
        int[] it = item.elements();
        int[] c = category.elements();
        int[] b = behaviour.elements();
        for (int i = 0, n = size(); i < n; i++) {
            u[i] = userMap[u[i]];
            it[i] = itemMap[it[i]];
            c[i] = categoryMap[c[i]];
            b[i] = behaviourMap[b[i]];
        }
    }

    /**
     * Event indices ordered by (user, timestamp, file order): a counting sort by user, then per user a sort on
     * (timestamp offset, rank in file) packed into one long, which is unique and so needs no stable sort.
     */
    public int[] sortedByUserAndTime(int userCount) {
        int n = size();
        int[] start = new int[userCount + 1];
        int[] u = user.elements();
        for (int i = 0; i < n; i++) {
            start[u[i] + 1]++;
        }
        for (int k = 0; k < userCount; k++) {
            start[k + 1] += start[k];
        }
        int[] order = new int[n];
        int[] fill = start.clone();
        for (int i = 0; i < n; i++) {
            order[fill[u[i]]++] = i;
        }
        long minTime = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            minTime = Math.min(minTime, time.getLong(i));
        }
        long[] keys = new long[0];
        for (int k = 0; k < userCount; k++) {
            int from = start[k];
            int len = start[k + 1] - from;
            if (len < 2) {
                continue;
            }
            if (keys.length < len) {
                keys = new long[Math.max(len, keys.length * 2)];
            }
            for (int j = 0; j < len; j++) {
                long offset = time.getLong(order[from + j]) - minTime;
                keys[j] = (offset << 31) | j;
            }
            java.util.Arrays.sort(keys, 0, len);
            int[] bucket = java.util.Arrays.copyOfRange(order, from, from + len);
            for (int j = 0; j < len; j++) {
                order[from + j] = bucket[(int) (keys[j] & 0x7FFFFFFF)];
            }
        }
        return order;
    }
}
