package dev.lifelong.models.frame;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SharedHistoryScorerTest {

    /** Rows are prefetched once a history's keys and values no longer fit in 1 MB (a core's L2 here). */
    @Test
    void prefetchesWhenTheHistorysRowsOutgrowL2() {
        // 2,048 rows of 64 floats, keys and values: exactly 1 MB.
        assertThat(SharedHistoryScorer.prefetches(2048, 64)).isFalse();
        assertThat(SharedHistoryScorer.prefetches(2049, 64)).isTrue();
        assertThat(SharedHistoryScorer.prefetches(730, 64)).isFalse();
        assertThat(SharedHistoryScorer.prefetches(7_860, 64)).isTrue();
        assertThat(SharedHistoryScorer.prefetches(Integer.MAX_VALUE, 1024)).isTrue();
    }
}
