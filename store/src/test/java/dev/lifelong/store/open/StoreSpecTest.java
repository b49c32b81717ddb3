package dev.lifelong.store.open;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StoreSpecTest {

    @Test
    void parsesEveryForm() {
        assertThat(StoreSpec.parse("rocksdb:/var/lib/store")).isEqualTo(new StoreSpec("rocksdb", "/var/lib/store"));
        assertThat(StoreSpec.parse("timeline:ml")).isEqualTo(new StoreSpec("timeline", "ml"));
        assertThat(StoreSpec.parse("redis://h:6379?timeout=50ms"))
                .isEqualTo(new StoreSpec("redis", "h:6379?timeout=50ms"));
        assertThat(StoreSpec.parse("rediss://h:6380")).isEqualTo(new StoreSpec("rediss", "h:6380"));
        assertThat(StoreSpec.parse("redis-cluster://a:7000,b:7001"))
                .isEqualTo(new StoreSpec("redis-cluster", "a:7000,b:7001"));
    }

    @Test
    void anUnknownFormListsTheKnownOnes() {
        for (String bad : new String[] {"", "rocksdb:", "mysql://x", "/tmp/store", "redis:/x"}) {
            assertThatThrownBy(() -> StoreSpec.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("rocksdb:PATH").hasMessageContaining("redis-cluster://");
        }
    }
}
