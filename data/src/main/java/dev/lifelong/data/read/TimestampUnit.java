package dev.lifelong.data.read;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** How a timestamp column is written. Everything becomes seconds since the epoch (UTC). */
public enum TimestampUnit {
    /** Integer seconds since the epoch. */
    SECONDS,
    /** Integer milliseconds since the epoch (truncated to seconds). */
    MILLIS,
    /** ISO-8601: {@code 2017-11-25T10:00:00Z}, with an offset, a local date-time (taken as UTC) or a date. */
    ISO;

    /**
     * Seconds since the epoch.
     *
     * @throws NumberFormatException when the text is not a timestamp of this kind
     */
    public long toSeconds(String text) {
        String s = text.trim();
        switch (this) {
            case SECONDS:
                return Long.parseLong(s);
            case MILLIS:
                return Math.floorDiv(Long.parseLong(s), 1000L);
            default:
                try {
                    if (s.endsWith("Z")) {
                        return Instant.parse(s).getEpochSecond();
                    }
                    // An offset follows the time of day, after any fraction of a second: a sign after the 'T'.
                    int time = s.indexOf('T');
                    if (time > 0 && (s.indexOf('+', time) > 0 || s.indexOf('-', time) > 0)) {
                        return OffsetDateTime.parse(s).toEpochSecond();
                    }
                    if (s.length() == 10) {
                        return LocalDate.parse(s).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
                    }
                    return LocalDateTime.parse(s).toEpochSecond(ZoneOffset.UTC);
                } catch (DateTimeParseException e) {
                    throw new NumberFormatException("not an ISO-8601 timestamp: " + s);
                }
        }
    }
}
