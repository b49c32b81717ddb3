package dev.lifelong.store.codec;

import dev.lifelong.store.StoreException;

/**
 * Stored bytes do not decode as a chunk: truncated, a reference out of range, inconsistent times, or a format
 * version this build does not know. Stores rethrow it with their name and the user prefixed.
 */
public final class CorruptChunkException extends StoreException {

    private static final long serialVersionUID = 1L;

    public CorruptChunkException(String message) {
        super(message);
    }
}
