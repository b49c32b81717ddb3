package dev.lifelong.store.rocksdb;

/**
 * Tuning of a RocksDB store.
 *
 * @param chunkSize       behaviours per stored chunk: a read decodes at most {@code chunkSize - 1} behaviours it
 *                        does not return, and an online append rewrites at most one chunk of this size
 * @param blockCacheBytes RocksDB block cache; hot users' chunks stay decompressed in memory
 * @param syncWrites      fsync every online append (survives a machine crash, not just a process crash), at the
 *                        cost of a disk flush per append
 */
public record RocksDbConfig(int chunkSize, long blockCacheBytes, boolean syncWrites) {

    public static final RocksDbConfig DEFAULTS = new RocksDbConfig(512, 64L << 20, false);

    public RocksDbConfig {
        if (chunkSize < 1 || chunkSize > 1 << 20) {
            throw new IllegalArgumentException("chunkSize must be in [1, 2^20], got " + chunkSize);
        }
        if (blockCacheBytes < 0) {
            throw new IllegalArgumentException("blockCacheBytes must be >= 0, got " + blockCacheBytes);
        }
    }
}
