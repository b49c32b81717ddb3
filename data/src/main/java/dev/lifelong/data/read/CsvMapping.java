package dev.lifelong.data.read;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * How to read a generic delimited event log, from YAML:
 * <pre>
 * delimiter: ","            # one character; "\t" for tabs
 * header: true              # first line names the columns
 * quote: "\""               # "" turns quoting off
 * timestamp_unit: seconds   # seconds | millis | iso
 * behaviours: [click, buy]  # optional: other behaviour values are rejected
 * value_range: [0, 3600]    # optional: accepted values of the value column
 * columns:                  # a column name (with a header) or a 1-based position
 *   user: user_id
 *   item: item_id
 *   timestamp: ts
 *   category: cat           # optional
 *   behaviour: action       # optional
 *   value: dwell            # optional
 *   label: clicked          # optional: 0/1, makes the log an impression log with explicit labels
 * </pre>
 * Unknown keys are rejected, so a typo fails loudly instead of being ignored.
 */
public record CsvMapping(String delimiter, Boolean header, String quote, TimestampUnit timestampUnit,
                         List<String> behaviours, List<Float> valueRange, Columns columns) {

    /** Where each field comes from. */
    public record Columns(String user, String item, String timestamp, String category, String behaviour,
                          String value, String label) {
    }

    public CsvMapping {
        delimiter = delimiter == null ? "," : delimiter;
        header = header == null ? Boolean.TRUE : header;
        quote = quote == null ? "\"" : quote;
        timestampUnit = timestampUnit == null ? TimestampUnit.SECONDS : timestampUnit;
        if (delimiter.length() != 1) {
            throw new IllegalArgumentException("delimiter must be one character, got \"" + delimiter + "\"");
        }
        if (quote.length() > 1) {
            throw new IllegalArgumentException("quote must be one character or empty, got \"" + quote + "\"");
        }
        if (columns == null || columns.user() == null || columns.item() == null || columns.timestamp() == null) {
            throw new IllegalArgumentException("columns.user, columns.item and columns.timestamp are required");
        }
        if (valueRange != null && (valueRange.size() != 2 || valueRange.get(0) > valueRange.get(1))) {
            throw new IllegalArgumentException("value_range must be [min, max], got " + valueRange);
        }
    }

    /**
     * Reads a mapping file.
     *
     * @throws IllegalArgumentException naming the file and what is wrong in it
     */
    public static CsvMapping load(Path file) throws IOException {
        ObjectMapper yaml = JsonMapper.builder(new YAMLFactory())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
        try {
            return yaml.readValue(file.toFile(), CsvMapping.class);
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new IllegalArgumentException(file + where + ": " + cause.getMessage().split("\n")[0], e);
        }
    }

    char delimiterChar() {
        return delimiter.charAt(0);
    }

    char quoteChar() {
        return quote.isEmpty() ? '\0' : quote.charAt(0);
    }
}
