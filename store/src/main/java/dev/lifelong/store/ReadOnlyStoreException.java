package dev.lifelong.store;

/** A write went to a store that can only be read (a prepared dataset's timelines). */
public final class ReadOnlyStoreException extends UnsupportedOperationException {

    private static final long serialVersionUID = 1L;

    public ReadOnlyStoreException(String store, String operation) {
        super(store + " is read-only: " + operation + " needs an appendable store (rocksdb:PATH or redis://...)");
    }
}
