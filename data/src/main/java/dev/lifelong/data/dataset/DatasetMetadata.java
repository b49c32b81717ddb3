package dev.lifelong.data.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lifelong.data.validate.RejectionSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * {@code dataset.json}: what a dataset holds and how it was made, readable by people and by every later stage
 * (the model artifact records it as data provenance).
 *
 * @param format        always {@value #FORMAT}
 * @param version       metadata version
 * @param library       lifelong version that wrote it
 * @param created       ISO instant
 * @param source        reader description (format and files)
 * @param protocol      labelling protocol name, description and parameters
 * @param split         split description and parameters (cut times)
 * @param seed          seed of negative sampling
 * @param minItemCount  items seen fewer times became id 0
 * @param counts        users, items, categories, behaviours, events and per-split samples, positives
 * @param rejected      rows read, accepted, rejected by reason, first examples
 * @param baseTime      epoch seconds stored times are relative to
 * @param bytesPerEvent timeline file bytes per event
 * @param notes         anything else worth knowing (e.g. negative draws that fell back to uniform)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetMetadata(String format, int version, String library, String created, String source,
                              Map<String, Object> protocol, Map<String, Object> split, long seed, int minItemCount,
                              Map<String, Long> counts, RejectionSummary rejected, long baseTime,
                              double bytesPerEvent, Map<String, Object> notes) {

    public static final String FORMAT = "lifelong.dataset";
    public static final int VERSION = 1;
    public static final String FILE = "dataset.json";

    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public void write(Path dir) throws IOException {
        Path tmp = Files.createTempFile(dir, ".dataset", ".json.tmp");
        JSON.writeValue(tmp.toFile(), this);
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public static DatasetMetadata read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            throw new java.nio.file.NoSuchFileException(dir.toString(), null,
                    "not a lifelong dataset (no " + FILE + "); make one with 'lifelong prepare' or 'lifelong generate'");
        }
        DatasetMetadata m = JSON.readValue(file.toFile(), DatasetMetadata.class);
        if (!FORMAT.equals(m.format())) {
            throw new IOException(file + ": format is " + m.format() + ", expected " + FORMAT);
        }
        if (m.version() > VERSION) {
            throw new IOException(file + ": dataset version " + m.version() + " is newer than this lifelong reads ("
                    + VERSION + "); upgrade lifelong");
        }
        return m;
    }

    /** A count by name, 0 when absent. */
    public long count(String name) {
        return counts.getOrDefault(name, 0L);
    }
}
