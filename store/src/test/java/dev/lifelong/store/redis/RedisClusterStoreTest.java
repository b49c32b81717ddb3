package dev.lifelong.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifelong.store.Behaviours;
import dev.lifelong.store.Histories;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedisClusterStoreTest extends RedisContract {

    @Override
    String spec() {
        return RedisTestServer.CLUSTER;
    }

    @Test
    void usersSpreadOverTheNodesAndEachUsersKeysShareASlot() {
        RedisConfig c = freshConfig();
        try (RedisBehaviourStore s = open(c)) {
            Set<Long> slots = new HashSet<>();
            for (int u = 0; u < 30; u++) {
                String user = "user" + u;
                s.append(user, Histories.sequence("i", 40, 100));
                RedisKeys k = RedisKeys.of(c.keyPrefix(), user);
                long slot = server().commands().clusterKeyslot(k.chunks());
                assertThat(server().commands().clusterKeyslot(k.counts())).isEqualTo(slot);
                assertThat(server().commands().clusterKeyslot(k.meta())).isEqualTo(slot);
                slots.add(slot * 3 / 16384);   // which of the three masters' equal ranges
                Behaviours got = new Behaviours();
                s.read(user, 100, got);
                assertThat(got.size()).isEqualTo(40);
            }
            assertThat(slots).hasSize(3);
        }
    }
}
