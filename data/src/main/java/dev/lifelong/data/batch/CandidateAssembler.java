package dev.lifelong.data.batch;

/**
 * Builds {@link SampleBatch}es for scoring candidates against one user's {@link History} at request time: the
 * online counterpart of {@link BatchAssembler}. Every candidate gets the same slices (the most recent
 * {@code longLen} and {@code shortLen} behaviours) with the same cross features as training computes them, so
 * the server's score for a sample equals {@code evaluate}'s.
 */
public final class CandidateAssembler {

    private final int longLen;
    private final int shortLen;
    private final boolean longCross;
    private final boolean shortCross;

    public CandidateAssembler(int longLen, int shortLen) {
        this(longLen, shortLen, true, true);
    }

    /**
     * As {@link BatchAssembler}: a sequence whose unit never reads the cross features (behaviour type, value and
     * gap buckets) is assembled without them.
     */
    public CandidateAssembler(int longLen, int shortLen, boolean longCross, boolean shortCross) {
        if (longLen < 1 || shortLen < 0 || shortLen > longLen) {
            throw new IllegalArgumentException("need long_len >= 1 and 0 <= short_len <= long_len, got " + longLen
                    + " and " + shortLen);
        }
        this.longLen = longLen;
        this.shortLen = shortLen;
        this.longCross = longCross;
        this.shortCross = shortCross;
    }

    /**
     * Fills {@code out} with candidates {@code [from, to)} of {@code items}/{@code categories}, each against the
     * last {@code min(maxLen, longLen)} behaviours of {@code h}, as seen at {@code requestTime} (epoch seconds,
     * no earlier than the newest behaviour).
     */
    public SampleBatch assemble(History h, int maxLen, int[] items, int[] categories, int from, int to,
                                long requestTime, SampleBatch out) {
        return assemble(h, maxLen, items, categories, from, to, requestTime, null, out);
    }

    /**
     * Chooses, per candidate, the rows of the long slice a unit will attend to (a retrieval unit at serving
     * time), so the batch carries those instead of the whole slice.
     */
    public interface RowChoice {

        /** The most rows {@link #choose} returns. */
        int limit();

        /** Writes positions within the long slice (ascending) for candidate {@code c}; returns how many. */
        int choose(int c, int[] out);
    }

    /** As above, the long slice reduced per candidate to the rows {@code choice} picks (all when null). */
    public SampleBatch assemble(History h, int maxLen, int[] items, int[] categories, int from, int to,
                                long requestTime, RowChoice choice, SampleBatch out) {
        int n = to - from;
        int len = Math.min(h.length, Math.min(maxLen, longLen));
        int shortN = Math.min(len, shortLen);
        if (h.length > 0 && requestTime < h.time[h.length - 1]) {
            throw new IllegalArgumentException("request time " + requestTime + " is before the newest behaviour ("
                    + h.time[h.length - 1] + ")");
        }
        out.reset(n);
        out.longSequence.ensure(n * (choice == null ? len : Math.min(len, choice.limit())));
        out.shortSequence.ensure(n * shortN);
        out.longSequence.crossFeatures = longCross;
        out.shortSequence.crossFeatures = shortCross;
        int[] chosen = choice == null ? null : new int[Math.max(1, choice.limit())];
        for (int b = 0; b < n; b++) {
            out.sample[b] = -1;
            out.user[b] = 0;
            out.item[b] = items[from + b];
            out.category[b] = categories[from + b];
            out.label[b] = 0f;
            out.trueProbability[b] = Float.NaN;
            if (choice == null) {
                slice(h, out.longSequence, b, h.length - len, h.length, requestTime, longCross);
            } else {
                int kept = choice.choose(from + b, chosen);
                chosenRows(h, out.longSequence, b, h.length - len, chosen, kept, requestTime, longCross);
            }
            slice(h, out.shortSequence, b, h.length - shortN, h.length, requestTime, shortCross);
        }
        return out;
    }

    private static void chosenRows(History h, BehaviourSequences seq, int b, int sliceStart, int[] positions, int n,
                                   long requestTime, boolean cross) {
        int at = seq.offsets[b];
        for (int i = 0; i < n; i++, at++) {
            int r = sliceStart + positions[i];
            put(h, seq, at, r, h.length, requestTime, cross);
        }
        seq.offsets[b + 1] = at;
    }

    private static void put(History h, BehaviourSequences seq, int at, int r, int end, long requestTime,
                            boolean cross) {
        seq.row[at] = r;
        seq.item[at] = h.item[r];
        seq.category[at] = h.category[r];
        if (cross) {
            seq.behaviour[at] = h.behaviour[r];
            seq.valueBucket[at] = CrossFeatures.valueBucket(h.value[r]);
            seq.gapBucket[at] = CrossFeatures.gapBucket(requestTime - h.time[r]);
        }
        seq.position[at] = end - r;
    }

    private static void slice(History h, BehaviourSequences seq, int b, int from, int to, long requestTime,
                              boolean cross) {
        int at = seq.offsets[b];
        for (int r = from; r < to; r++, at++) {
            put(h, seq, at, r, to, requestTime, cross);
        }
        seq.offsets[b + 1] = at;
    }
}
