package dev.lifelong.data.validate;

/** Why an input row was not accepted. Every rejected row is counted under exactly one reason. */
public enum RejectReason {
    BLANK_LINE("blank line"),
    WRONG_FIELD_COUNT("wrong number of fields"),
    UNTERMINATED_QUOTE("unterminated quoted field"),
    INVALID_ENCODING("bytes that are not valid UTF-8"),
    EMPTY_ID("empty id"),
    INVALID_ID("id with control characters or longer than 256 characters"),
    UNPARSABLE_NUMBER("not a number"),
    UNPARSABLE_TIMESTAMP("not an ISO-8601 timestamp"),
    TIMESTAMP_OUT_OF_RANGE("timestamp out of range"),
    UNKNOWN_BEHAVIOUR("unknown behaviour type"),
    VALUE_OUT_OF_RANGE("value out of range"),
    INVALID_LABEL("label is not 0 or 1");

    private final String description;

    RejectReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
