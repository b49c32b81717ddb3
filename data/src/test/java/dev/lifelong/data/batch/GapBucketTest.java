package dev.lifelong.data.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifelong.core.random.Rng;
import org.junit.jupiter.api.Test;

class GapBucketTest {

    @Test
    void integerLog2MatchesTheRealValuedDefinition() {
        Rng rng = new Rng(5);
        for (int t = 0; t < 200_000; t++) {
            long gap = t < 5000 ? t * 7L : (long) (Math.exp(rng.nextDouble() * 40));
            double minutes = gap / 60.0;
            int expected = (int) Math.min(CrossFeatures.GAP_BUCKETS - 1, 1 + Math.floor(Math.log1p(minutes) / Math.log(2)));
            assertThat(CrossFeatures.gapBucket(gap)).as("gap %d s", gap).isEqualTo(expected);
        }
    }
}
