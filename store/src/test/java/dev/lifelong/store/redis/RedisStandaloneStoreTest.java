package dev.lifelong.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifelong.store.Behaviours;
import dev.lifelong.store.Histories;
import dev.lifelong.store.StoreException;
import dev.lifelong.store.open.StoreSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisStandaloneStoreTest extends RedisContract {

    @Override
    String spec() {
        return RedisTestServer.STANDALONE;
    }

    @Test
    void onlineAppendsAreCompactedIntoFewChunks() {
        RedisConfig c = freshConfig();
        try (RedisBehaviourStore s = open(c)) {
            Behaviours one = new Behaviours();
            for (int i = 0; i < 200; i++) {
                s.append("u", one.clear().add("i" + i, null, "pv", Float.NaN, 1000 + i));
            }
            // Without compaction: 200 one-behaviour chunks. With it: full chunks of 16, then at most
            // compactAfter - 1 = 3 chunks that are not full.
            assertThat(server().listLength(c.keyPrefix(), "u")).isLessThanOrEqualTo(200 / 16 + 3);
            Behaviours got = new Behaviours();
            s.read("u", 1000, got);
            assertThat(Histories.rows(got)).hasSize(200);
            for (int i = 0; i < 200; i++) {
                assertThat(got.item(i)).isEqualTo("i" + i);
            }
        }
    }

    @Test
    void aCommandPastItsTimeoutFailsAndTheStoreRecovers() {
        RedisConfig c = freshConfig().withTimeout(Duration.ofMillis(100));
        try (RedisBehaviourStore s = open(c)) {
            s.append("u", Histories.sequence("i", 3, 10));
            // Holds every client's commands for 30 times the timeout (CLIENT UNPAUSE would be held too).
            server().commands().clientPause(3_000);
            assertThatThrownBy(() -> s.read("u", 10, new Behaviours())).isInstanceOf(StoreException.class)
                    .hasMessageContaining(s.describe()).hasMessageContaining("reading user 'u' failed")
                    .hasMessageContaining("timed out");
            server().commands().ping();   // answered once the pause is over
            Behaviours got = new Behaviours();
            s.read("u", 10, got);
            assertThat(got.size()).isEqualTo(3);
        }
    }

    @Test
    void noServerFailsAtOnceNamingTheAddress() {
        assertThatThrownBy(() -> StoreSpec.parse("redis://127.0.0.1:1?timeout=500ms").open(RedisConfig.DEFAULTS))
                .isInstanceOf(StoreException.class).hasMessageContaining("redis://127.0.0.1:1: cannot connect");
    }
}
