package dev.lifelong.store.rocksdb;

import dev.lifelong.store.BehaviourStore;
import dev.lifelong.store.Behaviours;
import dev.lifelong.store.BulkLoader;
import dev.lifelong.store.LoadMode;
import dev.lifelong.store.OutOfOrderAppendException;
import dev.lifelong.store.StoreException;
import dev.lifelong.store.codec.ChunkCodec;
import dev.lifelong.store.codec.CorruptChunkException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * An embedded, persistent, appendable store: each user's history is a run of chunks ({@link ChunkCodec}) under
 * adjacent keys ({@link RocksDbKeys}). Reading the last N behaviours is one seek to the user's newest chunk and a
 * walk backwards until N are covered. An append rewrites the newest chunk when it is not full (so online events
 * do not leave a trail of tiny chunks) and adds new ones otherwise, in one atomic write batch.
 *
 * <p>Concurrency: reads take no lock (a RocksDB iterator reads one consistent snapshot); appends to one user are
 * serialised by a striped lock, because an append reads the newest chunk and writes it back. RocksDB holds a
 * directory lock, so one process owns the store; the locks here cover its threads. {@link #close()} waits for
 * operations in flight, since native handles must not be used after they are freed.
 */
public final class RocksDbBehaviourStore implements BehaviourStore {

    private static final int LOCK_STRIPES = 64;

    private final Path dir;
    private final RocksDbConfig config;
    private final RocksDB db;
    private final Options options;
    private final LRUCache cache;
    private final ReadOptions readOptions;
    private final WriteOptions onlineWrites;
    private final WriteOptions bulkWrites;
    private final ReentrantLock[] userLocks = new ReentrantLock[LOCK_STRIPES];
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    static {
        RocksDB.loadLibrary();
    }

    private RocksDbBehaviourStore(Path dir, RocksDbConfig config) throws IOException {
        this.dir = dir;
        this.config = config;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            userLocks[i] = new ReentrantLock();
        }
        checkFolder(dir);
        cache = new LRUCache(config.blockCacheBytes());
        options = new Options().setCreateIfMissing(true)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache));
        readOptions = new ReadOptions();
        onlineWrites = new WriteOptions().setSync(config.syncWrites());
        // Bulk loads skip the write-ahead log and flush the memtables when the loader closes instead.
        bulkWrites = new WriteOptions().setDisableWAL(true);
        try {
            db = RocksDB.open(options, dir.toString());
        } catch (RocksDBException e) {
            closeOptions();
            String m = String.valueOf(e.getMessage());
            throw new StoreException(describe() + ": cannot open: " + m
                    + (m.contains("lock") ? " (is another lifelong serve or ingest using it?)" : ""), e);
        }
    }

    /** Opens the store in {@code dir}, creating it when missing. */
    public static RocksDbBehaviourStore open(Path dir) throws IOException {
        return open(dir, RocksDbConfig.DEFAULTS);
    }

    public static RocksDbBehaviourStore open(Path dir, RocksDbConfig config) throws IOException {
        return new RocksDbBehaviourStore(dir.toAbsolutePath().normalize(), config);
    }

    /** Refuses to scatter RocksDB files into a folder that holds something else (a dataset, say). */
    private static void checkFolder(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " exists and is not a folder");
        }
        if (Files.isDirectory(dir) && !Files.exists(dir.resolve("CURRENT"))) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException(dir + " is not empty and holds no RocksDB store (no CURRENT "
                            + "file): give an empty or new folder");
                }
            }
        }
        Files.createDirectories(dir);
    }

    /** Reads are served from an embedded database in this process. */
    @Override
    public boolean local() {
        return true;
    }

    @Override
    public String describe() {
        return "rocksdb:" + dir;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void read(String user, int maxLen, Behaviours into) {
        read(user, maxLen, into, null);
    }

    @Override
    public void read(String user, int maxLen, Behaviours into, Executor helper) {
        BehaviourStore.requireUser(user);
        BehaviourStore.requireMaxLen(maxLen);
        into.clear();
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            if (maxLen == 0) {
                return;
            }
            byte[] prefix = RocksDbKeys.prefix(user);
            List<byte[]> chunks = new ArrayList<>();   // newest first, as the iterator walks back
            int total = 0;
            try (RocksIterator it = db.newIterator(readOptions)) {
                byte[] key = new byte[prefix.length + 4];
                it.seekForPrev(RocksDbKeys.key(prefix, RocksDbKeys.MAX_CHUNK));
                while (total < maxLen && it.isValid() && RocksDbKeys.belongs(key, it.key(key), prefix)) {
                    byte[] chunk = it.value();
                    chunks.add(chunk);
                    total += ChunkCodec.count(chunk);
                    it.prev();
                }
                it.status();
            }
            java.util.Collections.reverse(chunks);
            ChunkCodec.decodeAll(chunks, Math.max(0, total - maxLen), into, helper);
        } catch (RocksDBException e) {
            into.clear();
            throw new StoreException(describe() + ": reading user '" + user + "' failed: " + e.getMessage(), e);
        } catch (CorruptChunkException e) {
            into.clear();
            throw new StoreException(describe() + ": user '" + user + "': " + e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public void append(String user, Behaviours events) {
        BehaviourStore.requireUser(user);
        if (events.isEmpty()) {
            return;
        }
        write(user, events.sortedByTime(), LoadMode.APPEND, onlineWrites);
    }

    @Override
    public BulkLoader bulkLoader(LoadMode mode) {
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            return new RocksDbBulkLoader(this, mode);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** A bulk loader's write: skips the write-ahead log. */
    long bulkWrite(String user, Behaviours sorted, LoadMode mode) {
        return write(user, sorted, mode, bulkWrites);
    }

    /** Writes a sorted batch as described in the class comment; returns the bytes put (keys and values). */
    private long write(String user, Behaviours sorted, LoadMode mode, WriteOptions writeOptions) {
        byte[] prefix = RocksDbKeys.prefix(user);
        ReentrantLock lock = userLocks[Math.floorMod(user.hashCode(), LOCK_STRIPES)];
        lifecycle.readLock().lock();
        lock.lock();
        try (WriteBatch batch = new WriteBatch()) {
            ensureOpen();
            Behaviours run = sorted;
            long next = 0;
            if (mode == LoadMode.REPLACE) {
                deleteAll(prefix, batch);
            } else {
                try (RocksIterator it = db.newIterator(readOptions)) {
                    byte[] key = new byte[prefix.length + 4];
                    it.seekForPrev(RocksDbKeys.key(prefix, RocksDbKeys.MAX_CHUNK));
                    if (it.isValid() && RocksDbKeys.belongs(key, it.key(key), prefix)) {
                        byte[] tail = it.value();
                        ChunkCodec.Header h = ChunkCodec.header(tail);
                        if (!sorted.isEmpty() && sorted.time(0) < h.lastTime()) {
                            throw new OutOfOrderAppendException(describe(), user, sorted.time(0), h.lastTime());
                        }
                        next = RocksDbKeys.chunk(key);
                        if (h.count() < config.chunkSize()) {
                            run = new Behaviours(h.count() + sorted.size());
                            ChunkCodec.decode(tail, run);
                            run.addAll(sorted, 0, sorted.size());
                        } else {
                            next++;
                        }
                    }
                    it.status();
                }
            }
            long bytes = 0;
            for (int from = 0; from < run.size(); from += config.chunkSize()) {
                int to = Math.min(run.size(), from + config.chunkSize());
                byte[] key = RocksDbKeys.key(prefix, next++);
                byte[] value = ChunkCodec.encode(run, from, to);
                batch.put(key, value);
                bytes += key.length + value.length;
            }
            db.write(writeOptions, batch);
            return bytes;
        } catch (RocksDBException e) {
            throw new StoreException(describe() + ": writing user '" + user + "' failed: " + e.getMessage(), e);
        } catch (CorruptChunkException e) {
            throw new StoreException(describe() + ": user '" + user + "': " + e.getMessage(), e);
        } finally {
            lock.unlock();
            lifecycle.readLock().unlock();
        }
    }

    private void deleteAll(byte[] prefix, WriteBatch batch) throws RocksDBException {
        try (RocksIterator it = db.newIterator(readOptions)) {
            byte[] key = new byte[prefix.length + 4];
            for (it.seek(RocksDbKeys.key(prefix, 0)); it.isValid() && RocksDbKeys.belongs(key, it.key(key), prefix);
                 it.next()) {
                batch.delete(key.clone());
            }
            it.status();
        }
    }

    /** The number of chunks stored for a user (tests check that appends merge into the newest chunk). */
    long chunkCount(String user) {
        byte[] prefix = RocksDbKeys.prefix(user);
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            try (RocksIterator it = db.newIterator(readOptions)) {
                byte[] key = new byte[prefix.length + 4];
                long n = 0;
                for (it.seek(RocksDbKeys.key(prefix, 0));
                     it.isValid() && RocksDbKeys.belongs(key, it.key(key), prefix); it.next()) {
                    n++;
                }
                return n;
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Makes bulk writes, which skipped the write-ahead log, durable. */
    void flush() {
        lifecycle.readLock().lock();
        try (FlushOptions f = new FlushOptions().setWaitForFlush(true)) {
            ensureOpen();
            db.flush(f);
        } catch (RocksDBException e) {
            throw new StoreException(describe() + ": flush failed: " + e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(describe() + " is closed");
        }
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            db.close();
            closeOptions();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private void closeOptions() {
        readOptions.close();
        onlineWrites.close();
        bulkWrites.close();
        options.close();
        cache.close();
    }
}
