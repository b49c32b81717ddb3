package dev.lifelong.serve.http;

/**
 * What the server accepts: requests past these get a 413 or 400 with the limit in the message, never an
 * out-of-memory error or a stalled worker.
 *
 * @param maxBodyBytes     largest request body
 * @param maxCandidates    candidates per score request
 * @param maxEvents        events per events request
 * @param maxIdLength      characters in a user or item id
 * @param defaultTimeoutMs store-read budget when a request gives none
 * @param maxTimeoutMs     largest budget a request may ask for
 */
public record Limits(long maxBodyBytes, int maxCandidates, int maxEvents, int maxIdLength, long defaultTimeoutMs,
                     long maxTimeoutMs) {

    public static final Limits DEFAULT = new Limits(4L << 20, 10_000, 10_000, 256, 100, 10_000);

    public Limits withDefaultTimeoutMs(long ms) {
        return new Limits(maxBodyBytes, maxCandidates, maxEvents, maxIdLength, ms, maxTimeoutMs);
    }

    public Limits withMaxCandidates(int n) {
        return new Limits(maxBodyBytes, n, maxEvents, maxIdLength, defaultTimeoutMs, maxTimeoutMs);
    }
}
