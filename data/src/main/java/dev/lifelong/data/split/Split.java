package dev.lifelong.data.split;

/** The part of the data a sample belongs to; stored as its ordinal. */
public enum Split {
    TRAIN, VALID, TEST;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
