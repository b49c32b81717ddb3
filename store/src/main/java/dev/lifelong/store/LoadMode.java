package dev.lifelong.store;

/** What a bulk load does to a user who already has a history in the store. */
public enum LoadMode {
    /** Appends after it, under the same time-order rule as {@link BehaviourStore#append}. */
    APPEND,
    /**
     * Replaces it: loading the same source twice gives the same store, not duplicates. An empty history deletes
     * the user.
     */
    REPLACE
}
