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

    /**
     * @param longLen  behaviours kept for the long unit (the most recent ones)
     * @param shortLen behaviours kept for the short unit, at most {@code longLen}
     */
    public BatchAssembler(Dataset dataset, int longLen, int shortLen) {
        if (longLen < 1 || shortLen < 0 || shortLen > longLen) {
            throw new IllegalArgumentException("need long_len >= 1 and 0 <= short_len <= long_len, got " + longLen
                    + " and " + shortLen);
        }
        this.timelines = dataset.timelines();
        this.samples = dataset.samples();
        this.longLen = longLen;
        this.shortLen = shortLen;
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
            slice(out.longSequence, b, Math.max(start, end - longLen), end, time);
            slice(out.shortSequence, b, Math.max(start, end - shortLen), end, time);
        }
        return out;
    }

    private void slice(BehaviourSequences seq, int b, int from, int to, int sampleTime) {
        int at = seq.offsets[b];
        for (int r = from; r < to; r++, at++) {
            seq.row[at] = r;
            seq.item[at] = timelines.item(r);
            seq.category[at] = timelines.category(r);
            seq.behaviour[at] = timelines.behaviour(r);
            seq.valueBucket[at] = CrossFeatures.valueBucket(timelines.value(r));
            seq.gapBucket[at] = CrossFeatures.gapBucket((long) sampleTime - timelines.time(r));
            seq.position[at] = to - r;
        }
        seq.offsets[b + 1] = at;
    }
}
