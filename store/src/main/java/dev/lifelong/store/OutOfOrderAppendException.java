package dev.lifelong.store;

/**
 * An append reached into the stored past: its oldest behaviour is older than the newest one already stored for
 * the user (see {@link BehaviourStore} for why this is refused rather than inserted). Nothing was written.
 */
public final class OutOfOrderAppendException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String user;
    private final long time;
    private final long storedNewest;

    public OutOfOrderAppendException(String store, String user, long time, long storedNewest) {
        super(store + ": user '" + user + "': behaviour at " + time + " is older than the newest stored one ("
                + storedNewest + "); appends must not reach into the stored past");
        this.user = user;
        this.time = time;
        this.storedNewest = storedNewest;
    }

    public String user() {
        return user;
    }

    /** Epoch seconds of the refused batch's oldest behaviour. */
    public long time() {
        return time;
    }

    /** Epoch seconds of the user's newest stored behaviour. */
    public long storedNewest() {
        return storedNewest;
    }
}
