package dev.lifelong.serve.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifelong.store.Behaviours;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A parsed {@code POST /v1/events} body: {@code {"events": [{user_id, item_id, timestamp, category?, behaviour?,
 * value?}, ...]}}, grouped by user in arrival order. Either every event is valid or the request is refused
 * naming the first bad one, before anything is stored: a batch half-applied for a typo would be worse than none.
 * Storing is per user, in order (no store here offers a transaction across users): when the store refuses a
 * user's events as older than what it holds, the users before stay stored and the answer says how many events.
 */
record EventsRequest(Map<String, Behaviours> byUser, int count) {

    private static final Set<String> FIELDS = Set.of("events");
    private static final Set<String> EVENT = Set.of("user_id", "item_id", "timestamp", "category", "behaviour",
            "value");
    private static final long MAX_TIMESTAMP = 253_402_214_400L;

    static EventsRequest parse(JsonNode body, Limits limits) {
        ObjectNode o = Fields.body(body);
        Fields.onlyKnown(o, "", FIELDS);
        JsonNode events = Fields.required(o, "events", "events");
        if (!events.isArray()) {
            throw new ApiException(ErrorCode.INVALID_FIELD, "events: must be an array, got " + Fields.kind(events));
        }
        if (events.isEmpty()) {
            throw new ApiException(ErrorCode.INVALID_FIELD, "events: must not be empty");
        }
        if (events.size() > limits.maxEvents()) {
            throw new ApiException(ErrorCode.TOO_LARGE, "events: " + events.size() + " events, at most "
                    + limits.maxEvents() + " per request");
        }
        Map<String, Behaviours> byUser = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            String p = "events[" + i + "]";
            ObjectNode e = Fields.object(events.get(i), p);
            Fields.onlyKnown(e, p + ".", EVENT);
            String user = Fields.id(Fields.required(e, "user_id", p + ".user_id"), p + ".user_id", limits.maxIdLength());
            String item = Fields.id(Fields.required(e, "item_id", p + ".item_id"), p + ".item_id", limits.maxIdLength());
            long ts = Fields.integer(Fields.required(e, "timestamp", p + ".timestamp"), p + ".timestamp", 0,
                    MAX_TIMESTAMP);
            String category = Fields.optionalText(e, "category", p + ".category", limits.maxIdLength());
            String behaviour = Fields.optionalText(e, "behaviour", p + ".behaviour", limits.maxIdLength());
            JsonNode v = e.get("value");
            float value = v == null || v.isNull() ? Float.NaN : Fields.finite(v, p + ".value");
            byUser.computeIfAbsent(user, u -> new Behaviours()).add(item, category, behaviour, value, ts);
        }
        return new EventsRequest(byUser, events.size());
    }
}
