package dev.lifelong.serve.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifelong.data.vocab.Vocabulary;
import dev.lifelong.store.Behaviours;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A read's symbols to a model's ids, in batches: stored bytes, numbers and strings, repeated and colliding. */
class ServingVocabularyTest {

    private static final ServingVocabulary VOCAB = ServingVocabulary.of(
            Vocabulary.of("item", new String[] {null, "Aa", "BB", "i7", "\u4e2d"}, new long[5]),
            Vocabulary.of("category", new String[] {null, "c1"}, new long[2]),
            Vocabulary.of("behaviour", new String[] {null, "pv"}, new long[2]),
            new int[] {0, 1, 1, 1, 1});

    @Test
    void everySymbolGetsItsIdWhateverItsFormAndRepeats() {
        // "Aa" and "BB" share a hash; the same id recurs in many chunks' dictionaries, so in many symbols; one
        // symbol is numeric and one was made a string.
        String[] stored = {"Aa", "BB", "Aa", "x", "\u4e2d", "BB", "i7", "Aa", "\u4e2d", "x"};
        byte[] chunk = String.join("", stored).getBytes(StandardCharsets.UTF_8);
        Behaviours raw = new Behaviours();
        int[] symbols = new int[stored.length + 2];
        int at = 0;
        for (int j = 0; j < stored.length; j++) {
            int length = stored[j].getBytes(StandardCharsets.UTF_8).length;
            symbols[j] = raw.addUtf8Symbol(chunk, at, length);
            at += length;
        }
        symbols[stored.length] = raw.addNumber(42);
        symbols[stored.length + 1] = raw.addUtf8Symbol(chunk, 0, 2);
        raw.symbol(symbols[stored.length + 1]);

        int[] ids = new int[symbols.length];
        ServingVocabulary.Batch batch = new ServingVocabulary.Batch();
        for (int round = 0; round < 2; round++) {     // the second reuses the batch's buffers
            java.util.Arrays.fill(ids, -1);
            VOCAB.items(raw, symbols, symbols.length, ids, batch);
            assertThat(ids).containsExactly(1, 2, 1, 0, 4, 2, 3, 1, 4, 0, 0, 1);
        }
        VOCAB.items(raw, symbols, 0, ids, new ServingVocabulary.Batch());
    }
}
