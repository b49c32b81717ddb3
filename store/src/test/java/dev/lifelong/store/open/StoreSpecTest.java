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

    /** A timeout written in the address wins over the caller's default, 60 s (Lettuce's own default) included. */
    @Test
    void aWrittenRedisTimeoutOverridesTheDefaultAndNoneKeepsIt() {
        var defaults = dev.lifelong.store.redis.RedisConfig.DEFAULTS;
        for (String[] c : new String[][] {{"h:6379?timeout=60s", "PT1M"}, {"h:6379?timeout=50ms", "PT0.05S"},
                {"h:6379?database=2&timeout=3s", "PT3S"}, {"h:6379", defaults.timeout().toString()},
                {"h:6379?database=2", defaults.timeout().toString()}}) {
            var uri = io.lettuce.core.RedisURI.create("redis://" + c[0]);
            assertThat(StoreSpec.withTimeout(defaults, uri, c[0]).timeout()).as(c[0]).hasToString(c[1]);
        }
    }
}
