package dev.lifelong.serve.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;

/**
 * Reads fields of a JSON request with errors that name the field and say what was wrong; ids may be JSON strings
 * or integers (both are common in event logs) and always come out as strings.
 */
final class Fields {

    private Fields() {
    }

    /** The request body as an object: anything else is malformed. */
    static ObjectNode body(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new ApiException(ErrorCode.MALFORMED_JSON, "the request body must be a JSON object, got "
                    + (n == null ? "nothing" : kind(n)));
        }
        return (ObjectNode) n;
    }

    /** A field that must be an object. */
    static ObjectNode object(JsonNode n, String path) {
        if (n == null || !n.isObject()) {
            throw new ApiException(ErrorCode.INVALID_FIELD, path + ": must be an object, got "
                    + (n == null ? "nothing" : kind(n)));
        }
        return (ObjectNode) n;
    }

    static void onlyKnown(ObjectNode o, String where, Set<String> known) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new ApiException(ErrorCode.UNKNOWN_FIELD, where + f + ": unknown field (known: "
                        + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    static JsonNode required(ObjectNode o, String name, String path) {
        JsonNode n = o.get(name);
        if (n == null || n.isNull()) {
            throw new ApiException(ErrorCode.MISSING_FIELD, path + ": required");
        }
        return n;
    }

    /** An id: a non-empty string or an integer, at most {@code maxLength} characters. */
    static String id(JsonNode n, String path, int maxLength) {
        return id(n, path, -1, maxLength);
    }

    /**
     * As {@link #id(JsonNode, String, int)} for element {@code index} of the array at {@code path} (none when
     * negative): the element's name, {@code path[index]}, is formed only for an error, not for each of a request's
     * thousand candidates.
     */
    static String id(JsonNode n, String path, int index, int maxLength) {
        String s;
        if (n.isTextual()) {
            s = n.textValue();
        } else if (n.isIntegralNumber()) {
            s = n.asText();
        } else {
            throw invalid(path, index, "must be a string or an integer id, got " + kind(n));
        }
        if (s.isEmpty() || s.isBlank()) {
            throw invalid(path, index, "must not be empty");
        }
        if (s.length() > maxLength) {
            throw invalid(path, index, "longer than " + maxLength + " characters");
        }
        if (s.indexOf('\0') >= 0) {
            throw invalid(path, index, "must not contain NUL characters");
        }
        return s;
    }

    private static ApiException invalid(String path, int index, String why) {
        return new ApiException(ErrorCode.INVALID_FIELD, (index < 0 ? path : path + "[" + index + "]") + ": " + why);
    }

    static String optionalText(ObjectNode o, String name, String path, int maxLength) {
        JsonNode n = o.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        return id(n, path, maxLength);
    }

    static long integer(JsonNode n, String path, long min, long max) {
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new ApiException(ErrorCode.INVALID_FIELD, path + ": must be an integer, got " + kind(n));
        }
        long v = n.longValue();
        if (v < min || v > max) {
            throw new ApiException(ErrorCode.INVALID_FIELD, path + ": must be in [" + min + ", " + max + "], got " + v);
        }
        return v;
    }

    static boolean bool(JsonNode n, String path) {
        if (!n.isBoolean()) {
            throw new ApiException(ErrorCode.INVALID_FIELD, path + ": must be true or false, got " + kind(n));
        }
        return n.booleanValue();
    }

    static float finite(JsonNode n, String path) {
        if (!n.isNumber()) {
            throw new ApiException(ErrorCode.INVALID_FIELD, path + ": must be a number, got " + kind(n));
        }
        double v = n.doubleValue();
        if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
            throw new ApiException(ErrorCode.INVALID_FIELD, path + ": must be a finite number");
        }
        return (float) v;
    }

    static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL, MISSING -> "null";
            default -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
