package dev.lifelong.data.read;

import dev.lifelong.data.validate.RejectReason;
import dev.lifelong.data.validate.RejectionLog;

/**
 * Field validation for one row at a time. Each check returns a value and, on the first problem of the row,
 * reports one rejection naming the file, line and column; later checks of a failed row are skipped, so a row
 * counts once. A reader calls {@link #begin}, runs its checks, and accepts the row when {@link #failed()} is
 * still false.
 */
public final class RowParser {

    static final int MAX_ID_LENGTH = 256;

    private final String file;
    private final RejectionLog log;
    private long line;
    private boolean failed;

    public RowParser(String file, RejectionLog log) {
        this.file = file;
        this.log = log;
    }

    public void begin(long lineNumber) {
        this.line = lineNumber;
        this.failed = false;
    }

    public boolean failed() {
        return failed;
    }

    /** Rejects the current row (once). */
    public void reject(String column, RejectReason reason, String detail) {
        if (!failed) {
            failed = true;
            log.reject(file, line, column, reason, detail);
        }
    }

    /** Finishes a row that passed every check. */
    public void accept() {
        if (failed) {
            throw new IllegalStateException("row " + line + " already rejected");
        }
        log.accept();
    }

    /** A trimmed, non-empty id without control characters, or null after rejecting. */
    public String id(String raw, String column) {
        if (failed) {
            return null;
        }
        String s = raw.trim();
        if (s.isEmpty()) {
            reject(column, RejectReason.EMPTY_ID, "");
            return null;
        }
        if (s.length() > MAX_ID_LENGTH) {
            reject(column, RejectReason.INVALID_ID, s.length() + " characters");
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                reject(column, RejectReason.INVALID_ID, s);
                return null;
            }
        }
        return s;
    }

    /** A timestamp in seconds inside {@code range}, or 0 after rejecting. */
    public long timestamp(String raw, String column, TimestampUnit unit, TimeRange range) {
        if (failed) {
            return 0;
        }
        if (raw.isBlank()) {
            reject(column, RejectReason.UNPARSABLE_NUMBER, "empty");
            return 0;
        }
        long t;
        try {
            t = unit.toSeconds(raw);
        } catch (NumberFormatException | ArithmeticException e) {
            reject(column, unit == TimestampUnit.ISO ? RejectReason.UNPARSABLE_TIMESTAMP
                    : RejectReason.UNPARSABLE_NUMBER, "\"" + raw + "\"");
            return 0;
        }
        if (!range.contains(t)) {
            reject(column, RejectReason.TIMESTAMP_OUT_OF_RANGE, t + " is outside " + range.describe());
            return 0;
        }
        return t;
    }

    /** A finite number in {@code [min, max]}, or NaN after rejecting. */
    public float number(String raw, String column, float min, float max) {
        if (failed) {
            return Float.NaN;
        }
        float v;
        try {
            v = Float.parseFloat(raw.trim());
        } catch (NumberFormatException e) {
            reject(column, RejectReason.UNPARSABLE_NUMBER, "\"" + raw + "\"");
            return Float.NaN;
        }
        if (!Float.isFinite(v)) {
            reject(column, RejectReason.UNPARSABLE_NUMBER, "\"" + raw + "\"");
            return Float.NaN;
        }
        if (v < min || v > max) {
            reject(column, RejectReason.VALUE_OUT_OF_RANGE, raw.trim() + " is outside [" + min + ", " + max + "]");
            return Float.NaN;
        }
        return v;
    }

    /** 0 or 1 (also {@code true}/{@code false}), or NaN after rejecting. */
    public float label(String raw, String column) {
        if (failed) {
            return Float.NaN;
        }
        switch (raw.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "1", "1.0", "true":
                return 1f;
            case "0", "0.0", "false":
                return 0f;
            default:
                reject(column, RejectReason.INVALID_LABEL, "\"" + raw + "\"");
                return Float.NaN;
        }
    }
}
