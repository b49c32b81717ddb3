package dev.lifelong.train.run;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lifelong.models.frame.ModelConfig;
import dev.lifelong.train.loop.TrainConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A training configuration file: {@code model:} and {@code train:} sections whose keys are the snake_case
 * components of {@link ModelConfig} and {@link TrainConfig}. Keys left out keep their defaults; unknown keys
 * are rejected with the file and line, so a typo never silently trains something else, and so is a value of the
 * wrong type; a rule between values ({@code short_len <= long_len}) names its section's line.
 * <pre>
 * model:
 *   embedding_dim: 16
 *   long_len: 1000
 *   short_len: 50
 *   hash_bits: 64
 *   top_k: 48
 * train:
 *   epochs: 3
 *   batch_size: 256
 * </pre>
 */
public record RunConfig(ModelConfig model, TrainConfig train) {

    public static final RunConfig DEFAULT = new RunConfig(ModelConfig.DEFAULT, TrainConfig.DEFAULT);

    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * Writes this configuration as a file {@link #load} reads back to the same settings, every key spelled out:
     * a report keeps the one it was made with, so {@code compare --config} can run it again.
     */
    public void write(Path file, String comment) throws IOException {
        Map<String, Object> sections = new java.util.LinkedHashMap<>();
        sections.put("model", JSON.valueToTree(model));
        sections.put("train", JSON.valueToTree(train));
        String yaml = new ObjectMapper(new YAMLFactory().disable(
                com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
                .writeValueAsString(sections);
        java.nio.file.Files.writeString(file, "# " + comment + "\n" + yaml);
    }

    /** Reads {@code file} over the defaults. */
    public static RunConfig load(Path file) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Map<String, Integer> lines = keyLines(file);
        try {
            ObjectNode root = (ObjectNode) yaml.readTree(file.toFile());
            if (root == null) {
                return DEFAULT;
            }
            root.fieldNames().forEachRemaining(k -> {
                if (!k.equals("model") && !k.equals("train")) {
                    throw new IllegalArgumentException(at(file, lines, k) + ": unknown section '" + k
                            + "' (expected model, train)");
                }
            });
            ModelConfig m = merge(root.get("model"), ModelConfig.DEFAULT, ModelConfig.class, file, "model", lines);
            TrainConfig t = merge(root.get("train"), TrainConfig.DEFAULT, TrainConfig.class, file, "train", lines);
            return new RunConfig(m, t);
        } catch (ClassCastException e) {
            throw new IllegalArgumentException(file + ": expected a mapping with model and train sections");
        }
    }

    /**
     * The line of each section ({@code model}) and key ({@code model.heads}) in the file, read apart from the
     * values because Jackson's tree forgets where its nodes came from.
     */
    private static Map<String, Integer> keyLines(Path file) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        YAMLFactory factory = new YAMLFactory();
        // A key given twice would keep its last value, silently: refused, as a typo is.
        factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        try (JsonParser p = factory.createParser(file.toFile())) {
            int depth = 0;
            String section = null;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.START_OBJECT) {
                    depth++;
                } else if (t == JsonToken.END_OBJECT) {
                    depth--;
                } else if (t == JsonToken.FIELD_NAME && depth <= 2) {
                    String key = depth == 1 ? p.currentName() : section + "." + p.currentName();
                    if (depth == 1) {
                        section = p.currentName();
                    }
                    lines.putIfAbsent(key, p.currentLocation().getLineNr());
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw new IllegalArgumentException((line > 0 ? file + ":" + line : file.toString()) + ": "
                    + e.getOriginalMessage().split("\n")[0], e);
        }
        return lines;
    }

    /** {@code file:line} of a key, or the file alone when the key has no line (a default, or a value's error). */
    private static String at(Path file, Map<String, Integer> lines, String key) {
        Integer line = key == null ? null : lines.get(key);
        return line == null ? file.toString() : file + ":" + line;
    }

    private static <T> T merge(com.fasterxml.jackson.databind.JsonNode section, T defaults, Class<T> type, Path file,
                               String name, Map<String, Integer> lines) throws IOException {
        if (section == null || section.isNull()) {
            return defaults;
        }
        ObjectNode base = JSON.valueToTree(defaults);
        if (!section.isObject()) {
            throw new IllegalArgumentException(at(file, lines, name) + ": section '" + name + "' must be a mapping");
        }
        section.fields().forEachRemaining(e -> {
            if (!base.has(e.getKey())) {
                throw new IllegalArgumentException(at(file, lines, name + "." + e.getKey()) + ": unknown key '" + name
                        + "." + e.getKey() + "'; known: " + String.join(", ", (Iterable<String>) base::fieldNames));
            }
            base.set(e.getKey(), e.getValue());
        });
        try {
            return JSON.treeToValue(base, type);
        } catch (JsonMappingException e) {
            // A value of the wrong type names its key; a rule broken between keys (short_len <= long_len) does not.
            String key = e.getPath().isEmpty() || e.getPath().get(0).getFieldName() == null ? null
                    : name + "." + e.getPath().get(0).getFieldName();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String what = cause == e ? e.getOriginalMessage() : cause.getMessage();
            throw new IllegalArgumentException(at(file, lines, key != null ? key : name)
                    + (key != null ? ": key '" + key + "': " : ": section '" + name + "': ")
                    + String.valueOf(what).split("\n")[0], e);
        }
    }
}
