package dev.lifelong.models.twin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifelong.models.frame.RowGroups;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The search over a history grouped by item takes, behaviour for behaviour, what the round robin over every
 * behaviour takes from the same relevances ({@code dot of the item + bias of the behaviour}): on histories that
 * return to a few items at many cross biases, with relevances drawn from a few values so that they tie often,
 * across items and within one.
 */
class GroupedSearchTest {

    @Test
    void takesWhatTheRoundRobinOverEveryBehaviourTakes() {
        SplittableRandom rnd = new SplittableRandom(11);
        GroupedSearch search = new GroupedSearch();
        RoundRobin plain = new RoundRobin();
        int checked = 0;
        for (int trial = 0; trial < 400; trial++) {
            int len = 1 + rnd.nextInt(trial % 4 == 0 ? 40 : 2000);
            int items = 1 + rnd.nextInt(Math.max(1, len / (2 + rnd.nextInt(30))));
            int kinds = 1 + rnd.nextInt(12);   // cross-feature combinations, each with its bias
            int heads = 1 + rnd.nextInt(4);
            int picked = Math.min(len, 1 + rnd.nextInt(120));
            boolean ties = trial % 2 == 0;
            int[] item = new int[len];
            int[] kind = new int[len];
            long[] fineKeys = new long[len];
            for (int i = 0; i < len; i++) {
                item[i] = rnd.nextInt(items);
                kind[i] = rnd.nextInt(kinds);
                fineKeys[i] = (long) item[i] << 32 | kind[i];
            }
            float[] kindBias = new float[kinds];
            for (int k = 0; k < kinds; k++) {
                kindBias[k] = ties ? rnd.nextInt(3) * 0.5f : (float) rnd.nextGaussian();
            }
            RowGroups fine = RowGroups.of(fineKeys, len);
            long[] itemKeys = new long[fine.groups()];
            float[] bias = new float[fine.groups()];
            for (int s = 0; s < fine.groups(); s++) {
                itemKeys[s] = item[fine.first(s)];
                bias[s] = kindBias[kind[fine.first(s)]];
            }
            ItemGroups groups = ItemGroups.of(fine, itemKeys, bias);
            int g = groups.groups;
            float[] dots = new float[7 + heads * g];   // an offset, as a candidate of a block has
            float[] alpha = new float[heads * len];
            float[] bound = new float[heads * g];
            for (int h = 0; h < heads; h++) {
                float[] byItem = new float[items];
                for (int i = 0; i < items; i++) {
                    byItem[i] = ties ? rnd.nextInt(4) * 0.5f : (float) rnd.nextGaussian();
                }
                for (int x = 0; x < g; x++) {
                    float dot = byItem[item[fine.first(groups.representative(x))]];
                    dots[7 + h * g + x] = dot;
                    bound[h * g + x] = dot + groups.maxBias[x];
                }
                for (int i = 0; i < len; i++) {
                    alpha[h * len + i] = byItem[item[i]] + kindBias[kind[i]];
                }
            }
            int touched = search.select(groups, dots, 7, bound, heads, picked);
            int[] taken = new int[fine.groups()];
            int total = 0;
            for (int t = 0; t < touched; t++) {
                taken[search.touched[t]] += search.multiplicity[t];
                total += search.multiplicity[t];
            }
            boolean[] expected = plain.select(alpha, len, heads, picked);
            int[] expectedTaken = new int[fine.groups()];
            for (int i = 0; i < len; i++) {
                if (expected[i]) {
                    expectedTaken[fine.groupOf()[i]]++;
                }
            }
            assertThat(total).isEqualTo(picked);
            assertThat(taken).as("trial %d", trial).containsExactly(expectedTaken);
            // Within a group the newest go first, so equal counts per group mean the same behaviours.
            checked += len > picked && g < len ? 1 : 0;
        }
        assertThat(checked).isGreaterThan(150);
    }
}
