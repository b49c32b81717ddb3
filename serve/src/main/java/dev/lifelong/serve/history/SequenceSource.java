package dev.lifelong.serve.history;

/** Where a request's behaviour sequence came from, as the response reports it. */
public enum SequenceSource {
    /** The behaviour store answered in time. */
    STORE,
    /** The store failed or was too slow; the user's recent behaviours kept in memory stood in. */
    FALLBACK_SHORT,
    /** The store failed or was too slow and nothing was kept for the user, or the user has no history. */
    EMPTY;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
