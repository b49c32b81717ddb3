package dev.lifelong.data.read;

import java.time.Instant;

/**
 * Accepted timestamps, {@code [from, to)} in epoch seconds. The default rejects the zero and negative
 * timestamps and far-future ones that broken logs contain (the full Taobao file has rows outside its
 * documented nine days; a narrower range can be asked for).
 */
public record TimeRange(long from, long to) {

    /** 1970-01-02 to 2100-01-01. */
    public static final TimeRange DEFAULT = new TimeRange(86_400L, 4_102_444_800L);

    public TimeRange {
        if (from >= to) {
            throw new IllegalArgumentException("time range is empty: " + Instant.ofEpochSecond(from) + " .. "
                    + Instant.ofEpochSecond(to));
        }
    }

    public boolean contains(long seconds) {
        return seconds >= from && seconds < to;
    }

    public String describe() {
        return "[" + Instant.ofEpochSecond(from) + ", " + Instant.ofEpochSecond(to) + ")";
    }
}
