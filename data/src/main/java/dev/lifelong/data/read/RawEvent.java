package dev.lifelong.data.read;

/**
 * One accepted input row, as parsed, before ids become dense ints. Readers reuse one instance: a sink must copy
 * what it keeps.
 */
public final class RawEvent {
    /** Raw user id. */
    public String user;
    /** Raw item id. */
    public String item;
    /** Raw category, or null when the source has none. */
    public String category;
    /** Behaviour type (pv, cart, rating, ...), or null when the source has none. */
    public String behaviour;
    /** Rating, dwell time or similar; NaN when the source has none. */
    public float value = Float.NaN;
    /** Seconds since the epoch. */
    public long timestamp;
    /** Explicit label 0 or 1; NaN when the source has none. */
    public float label = Float.NaN;

    void clear() {
        user = null;
        item = null;
        category = null;
        behaviour = null;
        value = Float.NaN;
        timestamp = 0;
        label = Float.NaN;
    }
}
