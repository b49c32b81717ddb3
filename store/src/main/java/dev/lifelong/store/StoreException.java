package dev.lifelong.store;

/**
 * A behaviour store failed to read or write: the backend is down, slow past its timeout, or returned data that
 * does not decode. The message names the store and, where there is one, the user. Servers map this to a
 * degraded answer, never to a failed request.
 */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
