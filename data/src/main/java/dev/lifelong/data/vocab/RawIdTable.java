package dev.lifelong.data.vocab;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;

/**
 * Raw values to dense ids: a map of strings, and for the values that are canonical decimals
 * ({@link NumericId}) an index by number, so that a store's numeric ids map without a string being made for
 * each (a read of 10^4 behaviours holds thousands).
 *
 * <p>A packed table of our own (each value's hash and offset in one long, its id and characters side by side,
 * and a batch lookup fetching every lookup's lines before comparing any) was measured against this map and
 * gained nothing: for 3,000 fresh ids with cold caches ({@code VocabularyLookupBenchmark}, JDK 17, three forks)
 * 324 µs in a batch and 447 one by one, against 319 for the map (20,000 items); 773 against 781 (10^6).
 */
final class RawIdTable {

    private final Object2IntOpenHashMap<String> text;
    private final int[] denseNumbers;                // numeric value -> id, when the values are dense enough
    private final Long2IntOpenHashMap sparseNumbers;

    private RawIdTable(Object2IntOpenHashMap<String> text, int[] denseNumbers, Long2IntOpenHashMap sparseNumbers) {
        this.text = text;
        this.denseNumbers = denseNumbers;
        this.sparseNumbers = sparseNumbers;
    }

    /**
     * The table of {@code raw[1 ..]} (id i for {@code raw[i]}; {@code raw[0]} is ignored). A value given twice
     * answers with its last id, as a map filled in order does.
     */
    static RawIdTable of(String[] raw) {
        Object2IntOpenHashMap<String> text = new Object2IntOpenHashMap<>(raw.length);
        text.defaultReturnValue(0);
        long maxNumber = -1;
        int numbers = 0;
        for (int i = 1; i < raw.length; i++) {
            if (raw[i] == null) {
                continue;
            }
            text.put(raw[i], i);
            long n = NumericId.parse(raw[i]);
            if (n >= 0) {
                maxNumber = Math.max(maxNumber, n);
                numbers++;
            }
        }
        int[] dense = null;
        Long2IntOpenHashMap sparse = null;
        if (numbers > 0) {
            // An array indexed by value when it is at most a few times the vocabulary: ids from a log's counter.
            if (maxNumber < Math.max(4L * raw.length, 1 << 16)) {
                dense = new int[(int) maxNumber + 1];
            } else {
                sparse = new Long2IntOpenHashMap(numbers);
                sparse.defaultReturnValue(0);
            }
            for (int i = 1; i < raw.length; i++) {
                long n = raw[i] == null ? -1 : NumericId.parse(raw[i]);
                if (n >= 0) {
                    if (dense != null) {
                        dense[(int) n] = i;
                    } else {
                        sparse.put(n, i);
                    }
                }
            }
        }
        return new RawIdTable(text, dense, sparse);
    }

    /** The id of {@code s}, 0 when it is not in the table. */
    int id(String s) {
        return text.getInt(s);
    }

    /** The id of the canonical decimal {@code n} ({@link NumericId}), 0 when it is not in the table. */
    int idOfNumber(long n) {
        if (denseNumbers != null) {
            return n >= 0 && n < denseNumbers.length ? denseNumbers[(int) n] : 0;
        }
        return sparseNumbers == null ? 0 : sparseNumbers.get(n);
    }
}
