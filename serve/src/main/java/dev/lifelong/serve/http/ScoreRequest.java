package dev.lifelong.serve.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * A parsed, validated {@code POST /v1/models/{name}/score} body.
 *
 * @param requestId   echoed back; null when the client sent none (the server then makes one)
 * @param userId      whose history to read
 * @param candidates  item ids to score, in the order the scores come back
 * @param timestamp   request time in epoch seconds from {@code context.timestamp}, or 0 for "now"
 * @param explain     whether to return the behaviours each score attended to
 * @param timeoutMs   store-read budget
 * @param maxSeqLen   most behaviours to read (further capped by the model's long length); 0 for no cap
 */
public record ScoreRequest(String requestId, String userId, String[] candidates, long timestamp, boolean explain,
                           long timeoutMs, int maxSeqLen) {

    private static final Set<String> FIELDS = Set.of("request_id", "user_id", "candidates", "context", "explain",
            "options");
    private static final Set<String> OPTIONS = Set.of("timeout_ms", "max_seq_len");
    private static final Set<String> CONTEXT = Set.of("timestamp");
    /** 9999-12-31: later timestamps are typos (milliseconds sent as seconds). */
    private static final long MAX_TIMESTAMP = 253_402_214_400L;

    /**
     * A request's JSON body as a client sends it (the load generator, the server's own warm-up): for {@code user},
     * scored at {@code timestamp} (epoch seconds; 0: the server's clock).
     */
    public static byte[] body(String user, long timestamp, String[] candidates) {
        return body(null, user, timestamp, candidates);
    }

    /** As {@link #body(String, long, String[])}, with a {@code request_id} unless it is null. */
    public static byte[] body(String requestId, String user, long timestamp, String[] candidates) {
        JsonStringEncoder json = JsonStringEncoder.getInstance();
        StringBuilder s = new StringBuilder("{");
        if (requestId != null) {
            s.append("\"request_id\":\"").append(json.quoteAsString(requestId)).append("\",");
        }
        s.append("\"user_id\":\"").append(json.quoteAsString(user)).append('"');
        if (timestamp > 0) {
            s.append(",\"context\":{\"timestamp\":").append(timestamp).append('}');
        }
        s.append(",\"candidates\":[");
        for (int i = 0; i < candidates.length; i++) {
            s.append(i == 0 ? "\"" : ",\"").append(json.quoteAsString(candidates[i])).append('"');
        }
        return s.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Validates a body as the server does: public so that clients and tools can check theirs the same way. */
    public static ScoreRequest parse(JsonNode body, Limits limits) {
        ObjectNode o = Fields.body(body);
        Fields.onlyKnown(o, "", FIELDS);
        String requestId = Fields.optionalText(o, "request_id", "request_id", limits.maxIdLength());
        String user = Fields.id(Fields.required(o, "user_id", "user_id"), "user_id", limits.maxIdLength());
        JsonNode c = Fields.required(o, "candidates", "candidates");
        if (!c.isArray()) {
            throw new ApiException(ErrorCode.INVALID_FIELD, "candidates: must be an array of item ids, got "
                    + Fields.kind(c));
        }
        if (c.isEmpty()) {
            throw new ApiException(ErrorCode.INVALID_FIELD, "candidates: must not be empty");
        }
        if (c.size() > limits.maxCandidates()) {
            throw new ApiException(ErrorCode.TOO_LARGE, "candidates: " + c.size() + " items, at most "
                    + limits.maxCandidates() + " per request");
        }
        String[] candidates = new String[c.size()];
        for (int i = 0; i < candidates.length; i++) {
            JsonNode item = c.get(i);
            if (item == null || item.isNull()) {
                throw new ApiException(ErrorCode.INVALID_FIELD, "candidates[" + i + "]: must not be null");
            }
            candidates[i] = Fields.id(item, "candidates", i, limits.maxIdLength());
        }
        long timestamp = 0;
        JsonNode ctx = o.get("context");
        if (ctx != null && !ctx.isNull()) {
            ObjectNode co = Fields.object(ctx, "context");
            Fields.onlyKnown(co, "context.", CONTEXT);
            JsonNode ts = co.get("timestamp");
            if (ts != null && !ts.isNull()) {
                timestamp = Fields.integer(ts, "context.timestamp", 1, MAX_TIMESTAMP);
            }
        }
        boolean explain = false;
        JsonNode ex = o.get("explain");
        if (ex != null && !ex.isNull()) {
            explain = Fields.bool(ex, "explain");
        }
        long timeout = limits.defaultTimeoutMs();
        int maxSeqLen = 0;
        JsonNode opt = o.get("options");
        if (opt != null && !opt.isNull()) {
            ObjectNode oo = Fields.object(opt, "options");
            Fields.onlyKnown(oo, "options.", OPTIONS);
            JsonNode t = oo.get("timeout_ms");
            if (t != null && !t.isNull()) {
                timeout = Fields.integer(t, "options.timeout_ms", 1, limits.maxTimeoutMs());
            }
            JsonNode m = oo.get("max_seq_len");
            if (m != null && !m.isNull()) {
                maxSeqLen = (int) Fields.integer(m, "options.max_seq_len", 1, Integer.MAX_VALUE);
            }
        }
        return new ScoreRequest(requestId, user, candidates, timestamp, explain, timeout, maxSeqLen);
    }
}
