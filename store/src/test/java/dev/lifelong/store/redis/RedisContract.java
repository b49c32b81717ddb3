package dev.lifelong.store.redis;

import dev.lifelong.store.BehaviourStore;
import dev.lifelong.store.BehaviourStoreContract;
import dev.lifelong.store.Behaviours;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract on a real Redis: each store gets its own key prefix, deleted after the test, so runs can
 * share a server (a developer's, or another build's).
 */
abstract class RedisContract extends BehaviourStoreContract {

    /** Small chunks and early compaction, so that a few hundred behaviours exercise both. */
    static final RedisConfig SMALL = new RedisConfig(Duration.ofSeconds(10), "unused:", 16, 4);

    private static RedisTestServer server;
    private final List<String> prefixes = new ArrayList<>();

    /** {@link RedisTestServer#STANDALONE} or {@link RedisTestServer#CLUSTER}. */
    abstract String spec();

    @BeforeAll
    static void noServerYet() {
        server = null;
    }

    @AfterAll
    static void disconnect() {
        if (server != null) {
            server.close();
        }
    }

    RedisTestServer server() {
        if (server == null) {
            server = RedisTestServer.connect(spec());
        }
        return server;
    }

    /** Small chunks under a key prefix of its own. */
    static RedisConfig freshConfig() {
        return SMALL.withKeyPrefix("lifelong-test:" + UUID.randomUUID() + ":");
    }

    /** A store on the server (or a skip or failure when there is none) whose keys are deleted after the test. */
    RedisBehaviourStore open(RedisConfig config) {
        RedisBehaviourStore s = RedisTestServer.open(spec(), config);
        prefixes.add(config.keyPrefix());
        return s;
    }

    @Override
    protected BehaviourStore create(Map<String, Behaviours> histories) {
        return load(open(freshConfig()), histories);
    }

    @Override
    protected BehaviourStore reopen(BehaviourStore store) {
        return open(((RedisBehaviourStore) store).config());
    }

    @AfterEach
    void deleteKeys() {
        // Only prefixes of stores that opened: without a server there is nothing to delete.
        prefixes.forEach(p -> server().deleteAll(p));
    }
}
