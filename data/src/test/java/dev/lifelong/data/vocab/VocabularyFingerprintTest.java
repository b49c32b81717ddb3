package dev.lifelong.data.vocab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A vocabulary's fingerprint names its raw ids at their dense ids, and nothing else. */
class VocabularyFingerprintTest {

    private static Vocabulary of(long count, String... ids) {
        String[] raw = new String[ids.length + 1];
        long[] counts = new long[ids.length + 1];
        for (int i = 0; i < ids.length; i++) {
            raw[i + 1] = ids[i];
            counts[i + 1] = count;
        }
        return Vocabulary.of("item", raw, counts);
    }

    @Test
    void sameIdsAtSameRowsAgreeWhateverTheirCounts() {
        assertThat(of(1, "a", "b", "c").fingerprint()).isEqualTo(of(9, "a", "b", "c").fingerprint())
                .matches("[0-9a-f]{16}");
    }

    @Test
    void idsMovedAddedOrRegroupedDisagree() {
        String abc = of(1, "a", "b", "c").fingerprint();
        assertThat(of(1, "b", "a", "c").fingerprint()).as("two ids swapped").isNotEqualTo(abc);
        assertThat(of(1, "a", "b", "d").fingerprint()).as("one id replaced").isNotEqualTo(abc);
        assertThat(of(1, "a", "b", "c", "d").fingerprint()).as("one id more").isNotEqualTo(abc);
        assertThat(of(1, "ab", "c").fingerprint()).as("the same text, cut elsewhere")
                .isNotEqualTo(of(1, "a", "bc").fingerprint());
    }

    @Test
    void aVocabularyReadBackHasTheFingerprintItWasWrittenWith(@TempDir Path dir) throws Exception {
        Vocabulary v = of(3, "x", "caf\u00e9", "\u4e2d\u6587");
        v.write(dir.resolve("vocab-item.llf"));
        assertThat(Vocabulary.read(dir.resolve("vocab-item.llf")).fingerprint()).isEqualTo(v.fingerprint());
    }
}
