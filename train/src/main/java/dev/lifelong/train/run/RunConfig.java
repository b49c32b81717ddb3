package dev.lifelong.train.run;

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

/**
 * A training configuration file: {@code model:} and {@code train:} sections whose keys are the snake_case
 * components of {@link ModelConfig} and {@link TrainConfig}. Keys left out keep their defaults; unknown keys
 * are rejected with the file and line, so a typo never silently trains something else.
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

    /** Reads {@code file} over the defaults. */
    public static RunConfig load(Path file) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try {
            ObjectNode root = (ObjectNode) yaml.readTree(file.toFile());
            if (root == null) {
                return DEFAULT;
            }
            root.fieldNames().forEachRemaining(k -> {
                if (!k.equals("model") && !k.equals("train")) {
                    throw new IllegalArgumentException(file + ": unknown section '" + k + "' (expected model, train)");
                }
            });
            ModelConfig m = merge(root.get("model"), ModelConfig.DEFAULT, ModelConfig.class, file, "model");
            TrainConfig t = merge(root.get("train"), TrainConfig.DEFAULT, TrainConfig.class, file, "train");
            return new RunConfig(m, t);
        } catch (ClassCastException e) {
            throw new IllegalArgumentException(file + ": expected a mapping with model and train sections");
        }
    }

    private static <T> T merge(com.fasterxml.jackson.databind.JsonNode section, T defaults, Class<T> type, Path file,
                               String name) throws IOException {
        if (section == null || section.isNull()) {
            return defaults;
        }
        ObjectNode base = JSON.valueToTree(defaults);
        if (!section.isObject()) {
            throw new IllegalArgumentException(file + ": section '" + name + "' must be a mapping");
        }
        section.fields().forEachRemaining(e -> {
            if (!base.has(e.getKey())) {
                throw new IllegalArgumentException(file + ": unknown key '" + name + "." + e.getKey() + "'; known: "
                        + String.join(", ", (Iterable<String>) base::fieldNames));
            }
            base.set(e.getKey(), e.getValue());
        });
        try {
            return JSON.treeToValue(base, type);
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException(file + ": section '" + name + "': "
                    + String.valueOf(cause.getMessage()).split("\n")[0], e);
        }
    }
}
