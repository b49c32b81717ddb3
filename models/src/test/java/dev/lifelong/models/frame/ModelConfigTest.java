package dev.lifelong.models.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model section's validation, and configurations written before a setting existed. */
class ModelConfigTest {

    /** As an artifact reads its configuration back. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static ModelConfig twin(List<String> cross) {
        ModelConfig d = ModelConfig.DEFAULT;
        return new ModelConfig(d.embeddingDim(), d.longLen(), d.shortLen(), d.heads(), d.mlpHidden(), d.hashBits(),
                d.topK(), d.gsuSize(), d.crossDim(), d.sdimTau(), d.sdimGroups(), d.seed(), cross);
    }

    @Test
    void aConfigurationWrittenBeforeTwinCrossFeaturesKeepsThemAll() throws Exception {
        String before = "{\"embedding_dim\":16,\"long_len\":1000,\"short_len\":50,\"heads\":4,\"mlp_hidden\":[128,64],"
                + "\"hash_bits\":64,\"top_k\":48,\"gsu_size\":100,\"cross_dim\":8,\"sdim_tau\":3,\"sdim_groups\":16,"
                + "\"seed\":42}";
        ModelConfig c = JSON.readValue(before, ModelConfig.class);
        assertThat(c.twinCrossFeatures()).containsExactly("behaviour", "value", "gap");
        assertThat(c.toString()).isEqualTo(ModelConfig.DEFAULT.toString()).doesNotContain("twin_cross_features");
        ModelConfig back = JSON.readValue(JSON.writeValueAsString(twin(List.of("gap"))), ModelConfig.class);
        assertThat(back.twinCrossFeatures()).containsExactly("gap");
        assertThat(back.toString()).endsWith("twin_cross_features=[gap]");
    }

    @Test
    void twinCrossFeaturesAreKeptInOrderOnceEachAndNamed() {
        assertThat(twin(List.of("gap", "behaviour")).twinCrossFeatures()).containsExactly("behaviour", "gap");
        assertThat(twin(List.of()).twinCrossFeatures()).isEmpty();
        assertThatThrownBy(() -> twin(List.of("gap", "gap"))).hasMessageContaining("'gap' is listed twice");
        assertThatThrownBy(() -> twin(List.of("rating"))).hasMessageContaining("unknown cross feature 'rating'")
                .hasMessageContaining("behaviour, value, gap");
        assertThatThrownBy(() -> twin(Arrays.asList("gap", null))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown cross feature 'null'");
    }
}
