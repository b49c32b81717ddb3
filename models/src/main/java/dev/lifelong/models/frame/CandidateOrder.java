package dev.lifelong.models.frame;

import java.util.Arrays;

/**
 * The order in which a request's candidates are scored: by category, so that candidates of one category sit
 * side by side in a chunk and, one after another, read the rows their category leads to while those are still
 * in cache (the same category's rows for SIM's hard search, largely the same retrieved behaviours for ETA's
 * signatures and TWIN's projections, the same candidate-side table region). Within a category the given order
 * is kept. The scores do not depend on it; only which candidates share a chunk does.
 */
public final class CandidateOrder {

    private CandidateOrder() {
    }

    /**
     * The positions of {@code categories}' candidates grouped by category (ascending), each category's in their
     * given order: {@code order[i]} is the position of the {@code i}-th candidate to score.
     */
    public static int[] byCategory(int[] categories) {
        int n = categories.length;
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            // Categories are dense ids (non-negative ints): the high word sorts, the low word keeps the order.
            keys[i] = ((long) categories[i] << 32) | i;
        }
        Arrays.sort(keys);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = (int) keys[i];
        }
        return order;
    }
}
