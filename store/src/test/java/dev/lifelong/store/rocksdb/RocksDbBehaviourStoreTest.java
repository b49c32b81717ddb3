package dev.lifelong.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifelong.store.BehaviourStore;
import dev.lifelong.store.BehaviourStoreContract;
import dev.lifelong.store.Behaviours;
import dev.lifelong.store.Histories;
import dev.lifelong.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbBehaviourStoreTest extends BehaviourStoreContract {

    /** Small chunks, so that tests cross many chunk boundaries. */
    static final RocksDbConfig SMALL = new RocksDbConfig(16, 1 << 20, false);

    @TempDir
    Path tmp;
    private int stores;

    @Override
    protected BehaviourStore create(Map<String, Behaviours> histories) throws Exception {
        return load(RocksDbBehaviourStore.open(tmp.resolve("db" + stores++), SMALL), histories);
    }

    @Override
    protected BehaviourStore reopen(BehaviourStore store) throws Exception {
        return RocksDbBehaviourStore.open(((RocksDbBehaviourStore) store).dir(), SMALL);
    }

    @Test
    void onlineAppendsFillTheNewestChunkInsteadOfAddingTinyOnes() throws Exception {
        try (RocksDbBehaviourStore s = RocksDbBehaviourStore.open(tmp.resolve("chunks"), SMALL)) {
            Behaviours one = new Behaviours();
            for (int i = 0; i < 100; i++) {
                s.append("u", one.clear().add("i" + i, null, "pv", Float.NaN, 1000 + i));
            }
            assertThat(s.chunkCount("u")).isEqualTo(7);   // ceil(100 / 16)
            Behaviours got = new Behaviours();
            s.read("u", 100, got);
            assertThat(got.size()).isEqualTo(100);
            assertThat(got.item(99)).isEqualTo("i99");
        }
    }

    @Test
    void refusesAForeignFolderAndASecondOpen() throws Exception {
        Path foreign = Files.createDirectories(tmp.resolve("dataset"));
        Files.writeString(foreign.resolve("dataset.json"), "{}");
        assertThatThrownBy(() -> RocksDbBehaviourStore.open(foreign))
                .hasMessageContaining("is not empty and holds no RocksDB store");
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> RocksDbBehaviourStore.open(file)).hasMessageContaining("is not a folder");
        try (RocksDbBehaviourStore s = RocksDbBehaviourStore.open(tmp.resolve("db"))) {
            assertThatThrownBy(() -> RocksDbBehaviourStore.open(tmp.resolve("db")))
                    .isInstanceOf(StoreException.class).hasMessageContaining(s.describe())
                    .hasMessageContaining("cannot open");
            s.append("u", Histories.sequence("i", 3, 10));
        }
    }

    @Test
    void theKeyLayoutIsPrefixFreeAndOrdersChunks() {
        byte[] a = RocksDbKeys.prefix("ab");
        byte[] b = RocksDbKeys.prefix("a");
        byte[] k = RocksDbKeys.key(a, 258);
        assertThat(RocksDbKeys.belongs(k, k.length, a)).isTrue();
        assertThat(RocksDbKeys.belongs(k, k.length, b)).isFalse();
        assertThat(RocksDbKeys.chunk(k)).isEqualTo(258);
        assertThat(java.util.Arrays.compareUnsigned(RocksDbKeys.key(a, 255), RocksDbKeys.key(a, 256))).isNegative();
        assertThat(RocksDbKeys.chunk(RocksDbKeys.key(a, RocksDbKeys.MAX_CHUNK))).isEqualTo(0xFFFF_FFFFL);
        assertThatThrownBy(() -> RocksDbKeys.key(a, RocksDbKeys.MAX_CHUNK + 1)).hasMessageContaining("out of range");
        byte[] longUser = RocksDbKeys.prefix("x".repeat(300));
        assertThat(longUser.length).isEqualTo(302);
    }
}
