package dev.lifelong.models.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which vocabularies a model can score ids from. */
class ProvenanceTest {

    private static Provenance trainedOn(Map<String, String> vocabularies) {
        return new Provenance("eta", "test", "2026-11-27T00:00:00Z", 42, "data", "fp", 100, 10, Map.of(), Map.of(),
                Map.of(), "scalar", vocabularies);
    }

    private static final Map<String, String> VOCABS = Map.of("item", "aaaa", "category", "bbbb", "behaviour", "cccc");

    @Test
    void theSameVocabulariesMatch() {
        assertThat(trainedOn(VOCABS).vocabularyMismatch(100, 10, VOCABS)).isNull();
    }

    @Test
    void anotherSizeOrAnotherFingerprintIsNamed() {
        assertThat(trainedOn(VOCABS).vocabularyMismatch(101, 10, VOCABS))
                .isEqualTo("trained on vocabularies of 100 items and 10 categories, not 101 and 10");
        assertThat(trainedOn(VOCABS).vocabularyMismatch(100, 10, Map.of("item", "aaaa", "category", "bbbb",
                "behaviour", "dddd"))).contains("another behaviour vocabulary", "cccc", "dddd");
        assertThat(trainedOn(VOCABS).vocabularyMismatch(100, 10, Map.of())).contains("another", "here null");
    }

    /** Artifacts written before vocabularies were recorded are checked by size alone, as they always were. */
    @Test
    void anArtifactWithoutRecordedVocabulariesIsCheckedBySize() {
        assertThat(trainedOn(null).vocabularyMismatch(100, 10, VOCABS)).isNull();
        assertThat(trainedOn(null).vocabularyMismatch(100, 11, VOCABS)).isNotNull();
    }
}
