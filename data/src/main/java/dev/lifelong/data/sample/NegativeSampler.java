package dev.lifelong.data.sample;

/** Where negative items are drawn from. */
public enum NegativeSampler {
    /** Uniformly over all known items. */
    UNIFORM,
    /** Uniformly over the items of the positive's category; uniform over all items when none is eligible. */
    SAME_CATEGORY
}
