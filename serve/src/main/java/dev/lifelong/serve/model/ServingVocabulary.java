package dev.lifelong.serve.model;

import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.vocab.Vocabulary;

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

    public static ServingVocabulary of(Dataset d) {
        int[] cat = new int[d.items().size()];
        for (int i = 1; i < cat.length; i++) {
            cat[i] = d.timelines().categoryOfItem(i);
        }
        return new ServingVocabulary(d.items(), d.categories(), d.behaviours(), cat);
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
