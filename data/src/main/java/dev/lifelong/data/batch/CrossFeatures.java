package dev.lifelong.data.batch;

/**
 * User-item cross features of a behaviour relative to the sample it is history for, as small ids ready for
 * embedding tables (0 always means "none"). TWIN compresses each to a scalar bias; the other models embed them.
 */
public final class CrossFeatures {

    /** Value buckets 1..127; 0 when the event has no value. */
    public static final int VALUE_BUCKETS = 128;
    /** Time-gap buckets 1..31. */
    public static final int GAP_BUCKETS = 32;

    private CrossFeatures() {
    }

    /**
     * {@code 1 + floor(8 log2(1 + |v|))}, capped at 127: one bucket per eighth of a doubling, which keeps
     * half-star ratings apart (3.0, 3.5, 4.0, 4.5 and 5.0 fall in 17, 18, 19, 20 and 21) and spans dwell times
     * up to about 16 hours.
     */
    public static int valueBucket(float v) {
        if (Float.isNaN(v)) {
            return 0;
        }
        double b = 8 * (Math.log1p(Math.abs(v)) / Math.log(2));
        return (int) Math.min(VALUE_BUCKETS - 1, 1 + Math.floor(b));
    }

    /**
     * {@code 1 + floor(log2(1 + gapMinutes))}, capped at 31: a minute, an hour, a day and a year apart all get
     * different buckets. A negative gap cannot happen for history (it is a leak) and is rejected.
     */
    public static int gapBucket(long gapSeconds) {
        if (gapSeconds < 0) {
            throw new IllegalArgumentException("behaviour after its sample (gap " + gapSeconds + " s): a future leak");
        }
        // floor(log2(1 + m)) only changes where 1 + m is a power of two, at whole minutes, so whole minutes and
        // an integer log2 give exactly the buckets of the real-valued formula, without a log per behaviour.
        long minutes = gapSeconds / 60;
        return (int) Math.min(GAP_BUCKETS - 1, 1 + (63 - Long.numberOfLeadingZeros(1 + minutes)));
    }
}
