package dev.lifelong.data.batch;

import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.sample.SampleTable;
import dev.lifelong.data.timeline.TimelineStore;

/**
 * Builds {@link SampleBatch}es for a list of samples: each sample's history is a slice of its user's timeline,
 * {@code [max(start, historyEnd - len), historyEnd)}, read straight from the memory-mapped columns; nothing
 * but the slices the batch needs is copied, and the batch's arrays are reused from one batch to the next.
 */
public final class BatchAssembler {

    private final TimelineStore timelines;
    private final SampleTable samples;
    private final int longLen;
    private final int shortLen;
    private final boolean longCross;
    private final boolean shortCross;

    /**
     * @param longLen  behaviours kept for the long unit (the most recent ones)
     * @param shortLen behaviours kept for the short unit, at most {@code longLen}
     */
    public BatchAssembler(Dataset dataset, int longLen, int shortLen) {
        this(dataset, longLen, shortLen, true, true);
    }

    /**
     * @param longCross  whether the long sequences get their cross features (behaviour type, value and gap
     *                   buckets): their units read them; without, a batch of long histories is three columns
     *                   lighter to write and to carry through the cache
     * @param shortCross the same for the short sequences
     */
    public BatchAssembler(Dataset dataset, int longLen, int shortLen, boolean longCross, boolean shortCross) {
        if (longLen < 1 || shortLen < 0 || shortLen > longLen) {
            throw new IllegalArgumentException("need long_len >= 1 and 0 <= short_len <= long_len, got " + longLen
                    + " and " + shortLen);
        }
        this.timelines = dataset.timelines();
        this.samples = dataset.samples();
        this.longLen = longLen;
        this.shortLen = shortLen;
        this.longCross = longCross;
        this.shortCross = shortCross;
    }

    public int longLen() {
        return longLen;
    }

    public int shortLen() {
        return shortLen;
    }

    /** Fills {@code out} with samples {@code ids[from..to)}. */
    public SampleBatch assemble(int[] ids, int from, int to, SampleBatch out) {
        int n = to - from;
        out.reset(n);
        int longRows = 0;
        int shortRows = 0;
        for (int b = 0; b < n; b++) {
            int s = ids[from + b];
            int end = samples.historyEnd(s);
            int available = end - timelines.start(samples.user(s));
            longRows += Math.min(available, longLen);
            shortRows += Math.min(available, shortLen);
        }
        out.longSequence.ensure(longRows);
        out.shortSequence.ensure(shortRows);
        out.longSequence.crossFeatures = longCross;
        out.shortSequence.crossFeatures = shortCross;
        for (int b = 0; b < n; b++) {
            int s = ids[from + b];
            out.sample[b] = s;
            out.user[b] = samples.user(s);
            out.item[b] = samples.item(s);
            out.category[b] = samples.category(s);
            out.label[b] = samples.label(s);
            out.trueProbability[b] = samples.trueProbability(s);
            int end = samples.historyEnd(s);
            int start = timelines.start(samples.user(s));
            int time = samples.time(s);
            slice(out.longSequence, b, Math.max(start, end - longLen), end, time, longCross);
            slice(out.shortSequence, b, Math.max(start, end - shortLen), end, time, shortCross);
        }
        return out;
    }

    private void slice(BehaviourSequences seq, int b, int from, int to, int sampleTime, boolean cross) {
        int at = seq.offsets[b];
        int n = to - from;
        // Whole columns copied out of the mapped file at once; the times land where their buckets go.
        timelines.items(from, n, seq.item, at);
        timelines.categories(from, n, seq.category, at);
        for (int i = 0; i < n; i++) {
            seq.row[at + i] = from + i;
            seq.position[at + i] = n - i;
        }
        if (cross) {
            timelines.times(from, n, seq.gapBucket, at);
            for (int i = 0; i < n; i++) {
                int r = from + i;
                int a = at + i;
                seq.behaviour[a] = timelines.behaviour(r);
                seq.valueBucket[a] = CrossFeatures.valueBucket(timelines.value(r));
                seq.gapBucket[a] = CrossFeatures.gapBucket((long) sampleTime - seq.gapBucket[a]);
            }
        }
        seq.offsets[b + 1] = at + n;
    }
}
