package dev.lifelong.serve.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifelong.store.Behaviours;
import org.junit.jupiter.api.Test;

/** The tail kept for degraded reads stays a history: time-ordered, the newest kept, whatever order events came in. */
class RecentBehavioursTest {

    @Test
    void eventsAppendedOutOfOrderAreKeptInTimeOrderAndTheNewestStay() {
        RecentBehaviours recent = new RecentBehaviours(10, 3);
        recent.remember("u", new Behaviours().add("a", null, null, Float.NaN, 10).add("b", null, null, Float.NaN, 20));
        recent.append("u", new Behaviours().add("d", null, null, Float.NaN, 40).add("c", null, null, Float.NaN, 30)
                .add("e", null, null, Float.NaN, 35));
        Behaviours kept = new Behaviours();
        assertThat(recent.recall("u", kept)).isTrue();
        assertThat(kept.size()).isEqualTo(3);
        assertThat(new String[] {kept.item(0), kept.item(1), kept.item(2)}).containsExactly("c", "e", "d");
        assertThat(new long[] {kept.time(0), kept.time(1), kept.time(2)}).containsExactly(30, 35, 40);
    }

    @Test
    void aUserNotKeptIsNotStartedByEvents() {
        RecentBehaviours recent = new RecentBehaviours(10, 3);
        recent.append("new", new Behaviours().add("a", null, null, Float.NaN, 10));
        assertThat(recent.recall("new", new Behaviours())).isFalse();
    }
}
