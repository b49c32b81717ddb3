package dev.lifelong.data.vocab;

import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Assigns provisional ids (1, 2, ... in order of first appearance) while events stream in, counting each value;
 * {@link #build} then drops values seen fewer than {@code minCount} times (they become 0, unknown) and returns
 * the final vocabulary with the map from provisional to final ids.
 */
public final class VocabularyBuilder {

    private final String feature;
    private final Object2IntOpenHashMap<String> ids = new Object2IntOpenHashMap<>();
    private final List<String> values = new ArrayList<>();
    private final LongArrayList counts = new LongArrayList();

    public VocabularyBuilder(String feature) {
        this.feature = feature;
        ids.defaultReturnValue(0);
        values.add(null);
        counts.add(0L);
    }

    /** The provisional id of {@code raw} (0 for null), counting one occurrence. */
    public int add(String raw) {
        if (raw == null) {
            counts.set(0, counts.getLong(0) + 1);
            return 0;
        }
        int id = ids.getInt(raw);
        if (id == 0) {
            id = values.size();
            ids.put(raw, id);
            values.add(raw);
            counts.add(0L);
        }
        counts.set(id, counts.getLong(id) + 1);
        return id;
    }

    /** Distinct values so far. */
    public int distinct() {
        return values.size() - 1;
    }

    /** The final vocabulary and the provisional-to-final id map. */
    public Result build(int minCount) {
        int[] remap = new int[values.size()];
        List<String> kept = new ArrayList<>();
        LongArrayList keptCounts = new LongArrayList();
        kept.add(null);
        keptCounts.add(counts.getLong(0));
        for (int p = 1; p < values.size(); p++) {
            long c = counts.getLong(p);
            if (c >= minCount) {
                remap[p] = kept.size();
                kept.add(values.get(p));
                keptCounts.add(c);
            } else {
                keptCounts.set(0, keptCounts.getLong(0) + c);
            }
        }
        Vocabulary v = new Vocabulary(feature, kept.toArray(new String[0]), keptCounts.toLongArray());
        return new Result(v, remap);
    }

    /** A built vocabulary and {@code remap[provisional] = final id}. */
    public record Result(Vocabulary vocabulary, int[] remap) {
    }
}
