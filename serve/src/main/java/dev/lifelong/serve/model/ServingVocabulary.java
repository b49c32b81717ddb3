package dev.lifelong.serve.model;

import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.vocab.Vocabulary;
import dev.lifelong.store.Behaviours;

/**
 * The id spaces a model was trained in: raw item, category and behaviour-type ids to the dense ids of its
 * embedding tables, and each item's category (a candidate arrives as a bare item id). Read from the prepared
 * dataset the model was trained on; lookups are lock-free.
 */
public final class ServingVocabulary {

    private final Vocabulary items;
    private final Vocabulary categories;
    private final Vocabulary behaviours;
    private final int[] itemCategory;

    private ServingVocabulary(Vocabulary items, Vocabulary categories, Vocabulary behaviours, int[] itemCategory) {
        this.items = items;
        this.categories = categories;
        this.behaviours = behaviours;
        this.itemCategory = itemCategory;
    }

    /**
     * The id spaces of the given vocabularies; {@code itemCategory[i]} is item i's usual category (0 for
     * padding), one per item row.
     */
    public static ServingVocabulary of(Vocabulary items, Vocabulary categories, Vocabulary behaviours,
                                       int[] itemCategory) {
        if (itemCategory.length != items.size()) {
            throw new IllegalArgumentException(itemCategory.length + " item categories for " + items.size()
                    + " item rows");
        }
        return new ServingVocabulary(items, categories, behaviours, itemCategory.clone());
    }

    public static ServingVocabulary of(Dataset d) {
        int[] cat = new int[d.items().size()];
        for (int i = 1; i < cat.length; i++) {
            cat[i] = d.timelines().categoryOfItem(i);
        }
        return new ServingVocabulary(d.items(), d.categories(), d.behaviours(), cat);
    }

    /** The fingerprints of its vocabularies, as an artifact records those it was trained with. */
    public java.util.Map<String, String> fingerprints() {
        return Dataset.modelVocabularies(items, categories, behaviours);
    }

    /** Dense item id, 0 when unknown. */
    public int item(String raw) {
        return raw == null ? 0 : items.id(raw);
    }

    /** Dense category id, 0 when unknown or absent. */
    public int category(String raw) {
        return raw == null ? 0 : categories.id(raw);
    }

    /** Dense behaviour-type id, 0 when unknown or absent. */
    public int behaviour(String raw) {
        return raw == null ? 0 : behaviours.id(raw);
    }

    /** Dense item ids of {@code raw} (no nulls) into {@code out}, 0 for unknown: {@link #item(String)} each, faster. */
    public void items(String[] raw, int[] out) {
        items.ids(raw, raw.length, out);
    }

    /** Buffers of the batch lookups, reused from read to read by one thread at a time. */
    public static final class Batch {
        private String[] texts = new String[0];
        private long[] numbers = new long[0];
        private int[] textAt = new int[0];
        private int[] numberAt = new int[0];
        private int[] ids = new int[0];
        private byte[][] utf8 = new byte[0][];
        private int[] utf8From = new int[0];
        private int[] utf8Length = new int[0];
        private int[] utf8At = new int[0];

        private void ensure(int n) {
            if (ids.length < n) {
                int c = Math.max(n, ids.length * 2);
                texts = new String[c];
                numbers = new long[c];
                textAt = new int[c];
                numberAt = new int[c];
                ids = new int[c];
                utf8 = new byte[c][];
                utf8From = new int[c];
                utf8Length = new int[c];
                utf8At = new int[c];
            }
        }
    }

    /**
     * Dense item ids of a read's symbols {@code symbols[0 .. n)} into {@code out}, 0 when unknown; numeric ids
     * are looked up by value, without making their strings.
     */
    public void items(Behaviours raw, int[] symbols, int n, int[] out, Batch b) {
        ids(items, raw, symbols, n, out, b);
    }

    /** Dense category ids of a read's symbols, as {@link #items(Behaviours, int[], int, int[], Batch)}. */
    public void categories(Behaviours raw, int[] symbols, int n, int[] out, Batch b) {
        ids(categories, raw, symbols, n, out, b);
    }

    /** Dense behaviour-type ids of a read's symbols, as {@link #items(Behaviours, int[], int, int[], Batch)}. */
    public void behaviours(Behaviours raw, int[] symbols, int n, int[] out, Batch b) {
        ids(behaviours, raw, symbols, n, out, b);
    }

    /**
     * Numeric ids, ids still as a store's bytes and the others in one batch each, so that each batch's cache
     * misses overlap; no string is made for the first two.
     */
    private static void ids(Vocabulary v, Behaviours raw, int[] symbols, int n, int[] out, Batch b) {
        b.ensure(n);
        int texts = 0;
        int numbers = 0;
        int utf8 = 0;
        for (int j = 0; j < n; j++) {
            int s = symbols[j];
            long number = raw.number(s);
            byte[] bytes;
            if (number >= 0) {
                b.numbers[numbers] = number;
                b.numberAt[numbers++] = j;
            } else if ((bytes = raw.utf8(s)) != null) {
                b.utf8[utf8] = bytes;
                b.utf8From[utf8] = raw.utf8From(s);
                b.utf8Length[utf8] = raw.utf8Length(s);
                b.utf8At[utf8++] = j;
            } else {
                b.texts[texts] = raw.symbol(s);
                b.textAt[texts++] = j;
            }
        }
        v.idsOfUtf8(b.utf8, b.utf8From, b.utf8Length, utf8, b.ids);
        for (int t = 0; t < utf8; t++) {
            out[b.utf8At[t]] = b.ids[t];
        }
        java.util.Arrays.fill(b.utf8, 0, utf8, null);
        v.ids(b.texts, texts, b.ids);
        for (int t = 0; t < texts; t++) {
            out[b.textAt[t]] = b.ids[t];
        }
        java.util.Arrays.fill(b.texts, 0, texts, null);
        v.idsOfNumbers(b.numbers, numbers, b.ids);
        for (int t = 0; t < numbers; t++) {
            out[b.numberAt[t]] = b.ids[t];
        }
    }

    /** The category the item was seen with in the training data, 0 for an unknown item. */
    public int categoryOfItem(int item) {
        return item > 0 && item < itemCategory.length ? itemCategory[item] : 0;
    }

    /** Every item's usual category, indexed by item id (a copy). */
    public int[] itemCategories() {
        return itemCategory.clone();
    }

    public String rawItem(int id) {
        return items.raw(id);
    }

    public int itemRows() {
        return items.size();
    }

    public int categoryRows() {
        return categories.size();
    }
}
