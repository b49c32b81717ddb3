package dev.lifelong.data.sample;

import it.unimi.dsi.fastutil.floats.FloatArrayList;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;

/** Samples being built, columnar. {@code group} ties a positive to its negatives (they split together). */
public final class SampleColumns {

    final IntArrayList user = new IntArrayList();
    final IntArrayList item = new IntArrayList();
    final IntArrayList category = new IntArrayList();
    final FloatArrayList label = new FloatArrayList();
    final LongArrayList time = new LongArrayList();
    final IntArrayList historyEnd = new IntArrayList();
    final IntArrayList group = new IntArrayList();
    final FloatArrayList trueProbability = new FloatArrayList();
    byte[] split;

    public void add(int u, int it, int cat, float y, long t, int end, int g, float p) {
        user.add(u);
        item.add(it);
        category.add(cat);
        label.add(y);
        time.add(t);
        historyEnd.add(end);
        group.add(g);
        trueProbability.add(p);
    }

    /** The split of each sample, by creation index ({@link dev.lifelong.data.split.Split} ordinals). */
    public void setSplit(byte[] split) {
        if (split.length != size()) {
            throw new IllegalArgumentException("split for " + split.length + " samples, have " + size());
        }
        this.split = split;
    }

    public int size() {
        return user.size();
    }

    public int user(int i) {
        return user.getInt(i);
    }

    public long time(int i) {
        return time.getLong(i);
    }

    public int group(int i) {
        return group.getInt(i);
    }

    public float label(int i) {
        return label.getFloat(i);
    }

    /**
     * Sample indices ordered by (time, user, creation order): the order samples are stored and trained in. A
     * radix sort on (time and user packed in one long, index): linear time, and the index makes it total.
     */
    public int[] chronologicalOrder() {
        int n = size();
        long minTime = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            minTime = Math.min(minTime, time.getLong(i));
        }
        long[] key = new long[n];
        long[] index = new long[n];
        for (int i = 0; i < n; i++) {
            long t = time.getLong(i) - minTime;
            if (t > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("sample times span more than 68 years");
            }
            key[i] = (t << 32) | (user.getInt(i) & 0xFFFFFFFFL);
            index[i] = i;
        }
        it.unimi.dsi.fastutil.longs.LongArrays.radixSort(key, index);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) index[i];
        }
        return out;
    }
}
