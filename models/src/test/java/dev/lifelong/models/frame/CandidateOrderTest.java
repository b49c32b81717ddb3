package dev.lifelong.models.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The scoring order: every candidate once, categories ascending, each category's candidates as given. */
class CandidateOrderTest {

    @Test
    void groupsCandidatesByCategoryKeepingTheirOrderWithinOne() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int n : new int[] {0, 1, 2, 37, 1_000}) {
            int[] categories = new int[n];
            for (int i = 0; i < n; i++) {
                // Category 0 (unknown) and the largest dense ids included.
                categories[i] = i % 11 == 0 ? 0 : i % 13 == 0 ? Integer.MAX_VALUE : 1 + rnd.nextInt(40);
            }
            int[] order = CandidateOrder.byCategory(categories);

            assertThat(order).as("n = %d", n).hasSize(n);
            int[] sorted = order.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < n; i++) {
                assertThat(sorted[i]).as("a permutation").isEqualTo(i);
            }
            for (int i = 1; i < n; i++) {
                int before = categories[order[i - 1]];
                int now = categories[order[i]];
                assertThat(now).as("position %d", i).isGreaterThanOrEqualTo(before);
                if (now == before) {
                    assertThat(order[i]).as("position %d keeps the given order", i).isGreaterThan(order[i - 1]);
                }
            }
        }
    }
}
