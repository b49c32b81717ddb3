package dev.lifelong.data.batch;

import java.util.Arrays;

/**
 * A jagged batch of behaviour sequences (TorchRec-style values + offsets, no padding): sample {@code b} owns
 * entries {@code [offsets[b], offsets[b+1])}, oldest first, most recent last. Per behaviour: item, category,
 * behaviour type, value bucket, time-gap bucket and position from the end (1 = most recent), plus the timeline
 * row it came from (what an explanation reports). Arrays grow to the largest batch and are reused.
 */
public final class BehaviourSequences {

    int batch;
    int[] offsets = new int[1];
    int[] row = new int[0];
    int[] item = new int[0];
    int[] category = new int[0];
    int[] behaviour = new int[0];
    int[] valueBucket = new int[0];
    int[] gapBucket = new int[0];
    int[] position = new int[0];
    /** Whether behaviour types, value and gap buckets were filled (an assembler may skip them, see below). */
    boolean crossFeatures = true;

    void reset(int batchSize) {
        batch = batchSize;
        crossFeatures = true;
        if (offsets.length < batchSize + 1) {
            offsets = new int[batchSize + 1];
        }
        offsets[0] = 0;
    }

    void ensure(int rows) {
        if (item.length < rows) {
            int n = Math.max(rows, item.length + (item.length >> 1));
            row = Arrays.copyOf(row, n);
            item = Arrays.copyOf(item, n);
            category = Arrays.copyOf(category, n);
            behaviour = Arrays.copyOf(behaviour, n);
            valueBucket = Arrays.copyOf(valueBucket, n);
            gapBucket = Arrays.copyOf(gapBucket, n);
            position = Arrays.copyOf(position, n);
        }
    }

    public int batch() {
        return batch;
    }

    /** {@code batch + 1} offsets into the per-behaviour arrays. */
    public int[] offsets() {
        return offsets;
    }

    public int start(int b) {
        return offsets[b];
    }

    public int length(int b) {
        return offsets[b + 1] - offsets[b];
    }

    /** Total behaviours in the batch. */
    public int rows() {
        return offsets[batch];
    }

    public int[] timelineRows() {
        return row;
    }

    public int[] items() {
        return item;
    }

    public int[] categories() {
        return category;
    }

    /** Behaviour types; see {@link #hasCrossFeatures}. */
    public int[] behaviours() {
        requireCrossFeatures();
        return behaviour;
    }

    /** Value buckets ({@link CrossFeatures}); see {@link #hasCrossFeatures}. */
    public int[] valueBuckets() {
        requireCrossFeatures();
        return valueBucket;
    }

    /** Time-gap buckets ({@link CrossFeatures}); see {@link #hasCrossFeatures}. */
    public int[] gapBuckets() {
        requireCrossFeatures();
        return gapBucket;
    }

    /**
     * Whether the cross features (behaviour type, value and gap buckets) were filled: an assembler built for
     * units that never read them skips them (three of a long sequence's seven columns), and reading them then
     * fails rather than returning another batch's.
     */
    public boolean hasCrossFeatures() {
        return crossFeatures;
    }

    private void requireCrossFeatures() {
        if (!crossFeatures) {
            throw new IllegalStateException("this batch was assembled without cross features: build its assembler "
                    + "for units that read them");
        }
    }

    public int[] positions() {
        return position;
    }
}
