package dev.lifelong.serve.http;

/**
 * Every error the API returns, with its HTTP status: the one place that maps failures to statuses. The body is
 * always {@code {"error": message, "code": NAME}}; clients branch on the code, people read the message.
 */
public enum ErrorCode {
    /** The body is not JSON, or not the JSON object the endpoint takes. */
    MALFORMED_JSON(400),
    /** A required field is absent or null. */
    MISSING_FIELD(400),
    /** A field has the wrong type or an out-of-range value. */
    INVALID_FIELD(400),
    /** A field the endpoint does not know (a typo would otherwise be silently ignored). */
    UNKNOWN_FIELD(400),
    /** The request's Content-Type is not JSON. */
    UNSUPPORTED_MEDIA_TYPE(415),
    /** An event is older than the user's newest stored behaviour. */
    OUT_OF_ORDER_EVENT(409),
    /** No model is served under that name. */
    UNKNOWN_MODEL(404),
    /** No such endpoint. */
    NOT_FOUND(404),
    /** The endpoint exists but not with this method. */
    METHOD_NOT_ALLOWED(405),
    /** The body, the candidate list or an event batch is larger than the server accepts. */
    TOO_LARGE(413),
    /** No model has loaded and warmed yet. */
    NOT_READY(503),
    /** The behaviour store cannot take the write now (failed, or read-only). */
    STORE_UNAVAILABLE(503),
    /** A bug: the server caught something it did not expect. Logged with its stack trace. */
    INTERNAL(500);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
