package dev.lifelong.store;

import java.util.concurrent.Executor;

/**
 * Where a server finds a user's lifelong behaviour history: read the most recent behaviours of a raw user id,
 * append new ones online, and bulk-load many users at once. Values hold only what models need per behaviour (raw
 * item id, category, behaviour type, value, time), never vectors, so one store serves every model version.
 *
 * <p>A user's history is kept sorted by time, ties in arrival order. An append whose oldest behaviour is older
 * than the user's newest stored one is refused with {@link OutOfOrderAppendException}: the alternative, inserting
 * it into the past, would silently change histories a model has already scored on and cost a rewrite of old
 * chunks; late events are rare online and better handled (or dropped) by the producer, which knows why they are
 * late. Equal times are accepted and keep their arrival order.
 *
 * <p>Every method is safe to call from many threads at once; a read never sees half of an append. A
 * {@link Behaviours} holder is not: use one per thread. Failures of the backend surface as
 * {@link StoreException}s naming the store and the user.
 */
public interface BehaviourStore extends AutoCloseable {

    /** The store as a spec string ({@code rocksdb:/data/store}, {@code redis://host:6379}, ...), for messages. */
    String describe();

    /**
     * Replaces the content of {@code into} with the user's most recent behaviours, at most {@code maxLen}, oldest
     * first (the newest is last). An unknown user reads as empty.
     *
     * @param user   raw user id, not empty
     * @param maxLen how many of the most recent behaviours to read, {@code >= 0}
     * @param into   the holder to fill; cleared first, reused across calls to avoid allocation
     */
    void read(String user, int maxLen, Behaviours into);

    /**
     * As {@link #read(String, int, Behaviours)}, the same rows and symbols, with {@code helper} free to take part
     * of a long history's decoding meanwhile (the chunked stores decode its newer half there; see
     * {@link dev.lifelong.store.codec.ChunkCodec#decodeAll}). A store with nothing to share reads alone.
     *
     * @param helper an executor for that part, or null
     */
    default void read(String user, int maxLen, Behaviours into, Executor helper) {
        read(user, maxLen, into);
    }

    /**
     * Whether reads are served from this process's memory and local files, never waiting on a network or another
     * process. A server then runs a read on the request's own thread when its I/O threads have not started it
     * by the time the request waits for it (on a virtual machine a woken thread can wait milliseconds for its
     * vCPU), where a remote store's read stays on an I/O thread so that a late one can be abandoned at the
     * request's deadline. False unless a store says otherwise.
     */
    default boolean local() {
        return false;
    }

    /**
     * Appends behaviours to the user's history, atomically: the next read sees all of them or, on failure, none.
     * The batch may be in any order (it is sorted by time, stably); its oldest behaviour must not be older than
     * the newest already stored.
     *
     * @throws OutOfOrderAppendException when the batch reaches into the stored past
     * @throws ReadOnlyStoreException    when the store cannot be written
     */
    void append(String user, Behaviours events);

    /**
     * A loader for many users, faster than {@link #append} (batched or pipelined writes). Data it has added is
     * durable once it is closed.
     *
     * @throws ReadOnlyStoreException when the store cannot be written
     */
    BulkLoader bulkLoader(LoadMode mode);

    /** Releases files, sockets and native memory; later calls fail with {@link IllegalStateException}. */
    @Override
    void close();

    /**
     * Checks a user id as every store accepts it: not null and not empty (readers reject empty ids, and an empty
     * key would break the per-user key layouts).
     */
    static String requireUser(String user) {
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException("user id must not be " + (user == null ? "null" : "empty"));
        }
        return user;
    }

    /** Checks a read length. */
    static int requireMaxLen(int maxLen) {
        if (maxLen < 0) {
            throw new IllegalArgumentException("maxLen must be >= 0, got " + maxLen);
        }
        return maxLen;
    }
}
