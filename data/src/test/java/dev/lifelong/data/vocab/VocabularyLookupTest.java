package dev.lifelong.data.vocab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Vocabulary#id} and {@link Vocabulary#idOfNumber} against a plain map filled in id order. */
class VocabularyLookupTest {

    @Test
    void everyValueMapsToItsIdAndNothingElseDoes() {
        Random rnd = new Random(7);
        List<String> values = new ArrayList<>();
        values.add(null);
        values.addAll(List.of("", "Aa", "0", "007", "-5", "42", "caf\u00e9", "\u4e2d\u6587", "i\u0100x",
                "999999999999999999", "1000000000000000000", " 42"));
        for (int i = 0; i < 3000; i++) {
            values.add(randomValue(rnd));
        }
        values.add("42");      // given twice: the last id answers, as before
        values.add("Aa");
        Vocabulary v = vocabulary(values);
        Map<String, Integer> oracle = new HashMap<>();
        for (int i = 1; i < values.size(); i++) {
            oracle.put(values.get(i), i);
        }
        for (String s : oracle.keySet()) {
            assertThat(v.id(new String(s))).as("id of %s", s).isEqualTo(oracle.get(s));
        }
        // "BB" has the hash of "Aa"; the others are near misses of stored values.
        for (String s : List.of("BB", "4", "420", "caf", "cafe", "\u4e2d", "i\u0101x", "1", "-0", "00")) {
            assertThat(v.id(s)).as("id of %s", s).isEqualTo(oracle.getOrDefault(s, 0));
        }
        for (int i = 0; i < 3000; i++) {
            String s = randomValue(rnd);
            assertThat(v.id(s)).as("id of %s", s).isEqualTo(oracle.getOrDefault(s, 0));
        }
        // The batch lookups answer as the single ones.
        String[] queries = new String[oracle.size() + 3000];
        int q = 0;
        for (String s : oracle.keySet()) {
            queries[q++] = new String(s);
        }
        while (q < queries.length) {
            queries[q++] = randomValue(rnd);
        }
        int[] ids = new int[queries.length];
        v.ids(queries, queries.length, ids);
        for (int i = 0; i < queries.length; i++) {
            assertThat(ids[i]).as("batch id of %s", queries[i]).isEqualTo(oracle.getOrDefault(queries[i], 0));
        }
        assertThat(v.id(null)).isZero();
        assertThat(v.id("42")).isEqualTo(values.size() - 2);
        // By their UTF-8 bytes, within a larger array as a store's chunk holds them: the same answers, for
        // ASCII, Latin-1 ("café": two bytes for é), other texts and misses alike ("BB" shares "Aa"'s hash).
        String[] byBytes = java.util.Arrays.copyOf(queries, queries.length + 3);
        byBytes[queries.length] = "BB";
        byBytes[queries.length + 1] = "caf";
        byBytes[queries.length + 2] = "";
        byte[][] arrays = new byte[byBytes.length][];
        int[] from = new int[byBytes.length];
        int[] length = new int[byBytes.length];
        for (int i = 0; i < byBytes.length; i++) {
            byte[] utf8 = byBytes[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
            arrays[i] = new byte[utf8.length + 5];
            from[i] = 3;
            length[i] = utf8.length;
            System.arraycopy(utf8, 0, arrays[i], 3, utf8.length);
            arrays[i][utf8.length + 3] = 'x';   // bytes after the text are not its own
        }
        int[] byteIds = new int[byBytes.length];
        v.idsOfUtf8(arrays, from, length, byBytes.length, byteIds);
        for (int i = 0; i < byBytes.length; i++) {
            assertThat(byteIds[i]).as("id of the bytes of %s", byBytes[i])
                    .isEqualTo(oracle.getOrDefault(byBytes[i], 0));
        }
    }

    @Test
    void aNumberMapsAsItsCanonicalStringDoes() {
        for (long scale : new long[] {1, 1_000_000_007L}) {     // ids dense enough for an array, and not
            List<String> values = new ArrayList<>();
            values.add(null);
            Random rnd = new Random(11);
            for (int i = 0; i < 500; i++) {
                values.add(Long.toString(rnd.nextInt(2000) * scale));
            }
            values.addAll(List.of("0", "0042", "x9", "999999999999999999"));
            Vocabulary v = vocabulary(values);
            for (long n : new long[] {0, 1, 42, 1999, 2000, 5000, 999_999_999_999_999_999L}) {
                assertThat(v.idOfNumber(n)).as("number %d", n).isEqualTo(v.id(Long.toString(n)));
            }
            for (int i = 0; i < 2000; i++) {
                long n = i * scale;
                assertThat(v.idOfNumber(n)).as("number %d", n).isEqualTo(v.id(Long.toString(n)));
            }
            assertThat(v.idOfNumber(42)).isNotEqualTo(v.id("0042"));
            long[] numbers = {0, 42, 1999 * scale, 5000, -1, 999_999_999_999_999_999L};
            int[] ids = new int[numbers.length];
            v.idsOfNumbers(numbers, numbers.length, ids);
            for (int i = 0; i < numbers.length; i++) {
                assertThat(ids[i]).as("batch number %d", numbers[i]).isEqualTo(v.idOfNumber(numbers[i]));
            }
        }
    }

    @Test
    void aVocabularyWithoutNumbersFindsNoNumber() {
        Vocabulary v = vocabulary(List.of("", "a", "b"));
        assertThat(v.idOfNumber(0)).isZero();
        assertThat(v.id("b")).isEqualTo(2);
    }

    private static Vocabulary vocabulary(List<String> values) {
        String[] raw = values.toArray(new String[0]);
        return Vocabulary.of("item", raw, new long[raw.length]);
    }

    private static String randomValue(Random rnd) {
        int kind = rnd.nextInt(4);
        if (kind == 0) {
            return Long.toString(rnd.nextInt(100_000));
        }
        StringBuilder b = new StringBuilder(kind == 1 ? "i" : "");
        int len = rnd.nextInt(kind == 3 ? 40 : 8);
        for (int c = 0; c < len; c++) {
            b.append(kind == 3 && rnd.nextInt(10) == 0 ? (char) (0x100 + rnd.nextInt(5000))
                    : (char) ('0' + rnd.nextInt(75)));
        }
        return b.toString();
    }
}
