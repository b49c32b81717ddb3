package dev.lifelong.models.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifelong.models.frame.RowGroups;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The search over a history grouped by item takes, behaviour for behaviour, what the round robin over every
 * behaviour takes from the same relevances ({@code dot of the item + bias of the behaviour}): on histories that
 * return to a few items at many cross biases; with relevances drawn from a few values, so that they tie across
 * items and within one; with dots so large that different biases round to the same relevance; with signed
 * zeros. Several candidates are searched over each grouping, at their offsets in a block, as serving does.
 */
class GroupedSearchTest {

    private enum Values { GAUSSIAN, FEW, ROUNDING, ZEROS }

    @Test
    void takesWhatTheRoundRobinOverEveryBehaviourTakes() {
        SplittableRandom rnd = new SplittableRandom(11);
        GroupedSearch search = new GroupedSearch();
        RoundRobin plain = new RoundRobin();
        int checked = 0;
        for (int trial = 0; trial < 400; trial++) {
            Values values = Values.values()[trial % 4];
            int len = 1 + rnd.nextInt(trial % 5 == 0 ? 40 : 2000);
            int items = 1 + rnd.nextInt(Math.max(1, len / (2 + rnd.nextInt(30))));
            int kinds = 1 + rnd.nextInt(12);   // cross-feature combinations, each with its bias
            int heads = 1 + rnd.nextInt(4);
            int picked = Math.min(len, 1 + rnd.nextInt(120));
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
                kindBias[k] = switch (values) {
                    case GAUSSIAN -> (float) rnd.nextGaussian();
                    case FEW -> rnd.nextInt(3) * 0.5f;
                    // Added to dots near 2^24, where floats are 2 apart: 0.25, 0.5 and 1 round alike, 3 does not.
                    case ROUNDING -> new float[] {0.25f, 0.5f, 1f, 3f}[rnd.nextInt(4)];
                    case ZEROS -> rnd.nextBoolean() ? 0f : -0f;
                };
            }
            RowGroups fine = RowGroups.of(fineKeys, len);
            long[] itemKeys = new long[fine.groups()];
            float[] bias = new float[fine.groups()];
            for (int s = 0; s < fine.groups(); s++) {
                itemKeys[s] = item[fine.first(s)];
                bias[s] = kindBias[kind[fine.first(s)]];
            }
            RowGroups byItem = RowGroups.of(itemKeys, fine.groups());
            ItemGroups groups = ItemGroups.of(fine, byItem, bias);
            int g = groups.groups;
            int block = 1 + rnd.nextInt(3);
            float[] dots = new float[block * heads * g];
            float[][] alpha = new float[block][heads * len];
            for (int c = 0; c < block; c++) {
                for (int h = 0; h < heads; h++) {
                    float[] byItemDot = new float[items];
                    for (int i = 0; i < items; i++) {
                        byItemDot[i] = switch (values) {
                            case GAUSSIAN -> (float) rnd.nextGaussian();
                            case FEW -> rnd.nextInt(4) * 0.5f;
                            case ROUNDING -> 16_777_216f + 2 * rnd.nextInt(3);
                            case ZEROS -> rnd.nextInt(3) == 0 ? -0f : rnd.nextInt(2);
                        };
                    }
                    for (int x = 0; x < g; x++) {
                        float dot = byItemDot[item[fine.first(groups.representative(x))]];
                        dots[(c * heads + h) * g + x] = dot;
                    }
                    for (int i = 0; i < len; i++) {
                        alpha[c][h * len + i] = byItemDot[item[i]] + kindBias[kind[i]];
                    }
                }
            }
            for (int c = 0; c < block; c++) {
                int touched = search.select(groups, dots, c * heads * g, heads, picked);
                int[] taken = new int[fine.groups()];
                int total = 0;
                for (int t = 0; t < touched; t++) {
                    taken[search.touched[t]] += search.multiplicity[t];
                    total += search.multiplicity[t];
                }
                boolean[] expected = plain.select(alpha[c], len, heads, picked);
                int[] expectedTaken = new int[fine.groups()];
                for (int i = 0; i < len; i++) {
                    if (expected[i]) {
                        expectedTaken[fine.groupOf()[i]]++;
                    }
                }
                assertThat(total).isEqualTo(picked);
                // Within a group the newest go first, so equal counts per group mean the same behaviours.
                assertThat(taken).as("trial %d (%s), candidate %d", trial, values, c).containsExactly(expectedTaken);
                checked += len > picked && g < len ? 1 : 0;
            }
        }
        assertThat(checked).isGreaterThan(200);
    }

    @Test
    void refusesToTakeMoreBehavioursThanTheHistoryHolds() {
        RowGroups fine = RowGroups.of(new long[] {1, 1, 2}, 3);
        ItemGroups groups = ItemGroups.of(fine, RowGroups.of(new long[] {7, 8}, 2), new float[] {0f, 0f});
        float[] dots = new float[2];
        assertThatThrownBy(() -> new GroupedSearch().select(groups, dots, 0, 1, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 of 3");
    }
}
