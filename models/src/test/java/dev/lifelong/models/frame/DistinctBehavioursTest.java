package dev.lifelong.models.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DistinctBehavioursTest {

    /** Numbers in order of first occurrence, as a map from pair to number would give, run after run. */
    @Test
    void numbersPairsInOrderOfFirstOccurrenceAcrossRuns() {
        SplittableRandom random = new SplittableRandom(7);
        DistinctBehaviours pairs = new DistinctBehaviours();
        for (int run = 0; run < 50; run++) {
            int items = 1 + random.nextInt(300);
            pairs.reset(items);
            Map<List<Integer>, Integer> expected = new HashMap<>();
            int n = random.nextInt(2_000);
            for (int r = 0; r < n; r++) {
                int item = random.nextInt(items);
                // Mostly the item's own category, sometimes one of three others (negative ids included).
                int category = random.nextInt(10) == 0 ? random.nextInt(3) - 1 : item % 17;
                int want = expected.computeIfAbsent(List.of(item, category), k -> expected.size());
                assertEquals(want, pairs.number(item, category), "run " + run + ", row " + r);
            }
            assertEquals(expected.size(), pairs.size());
            for (Map.Entry<List<Integer>, Integer> e : expected.entrySet()) {
                assertEquals(e.getKey().get(0), pairs.item(e.getValue()));
                assertEquals(e.getKey().get(1), pairs.category(e.getValue()));
            }
        }
    }

    @Test
    void aResetForgetsThePreviousRun() {
        DistinctBehaviours pairs = new DistinctBehaviours();
        pairs.reset(10);
        assertEquals(0, pairs.number(3, 1));
        assertEquals(1, pairs.number(3, 2));
        assertEquals(2, pairs.number(5, 1));
        pairs.reset(10);
        assertEquals(0, pairs.size());
        assertEquals(0, pairs.number(5, 1));
        assertEquals(1, pairs.number(3, 2));
        assertEquals(2, pairs.number(3, 1));
        assertEquals(1, pairs.number(3, 2));
        pairs.reset(20); // a larger catalogue
        assertEquals(0, pairs.number(19, 0));
        assertEquals(1, pairs.number(3, 2));
    }
}
