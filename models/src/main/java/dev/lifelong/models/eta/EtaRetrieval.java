package dev.lifelong.models.eta;

import dev.lifelong.models.frame.Retrieval;
import dev.lifelong.models.frame.RowGroups;

/**
 * ETA at serving time (MODELS.md, ETA 7): embeddings are frozen, so every item's signature (with the category it
 * was trained with) is computed once into a table when the model version loads. A request looks up its
 * history's signatures once; per candidate the work is L XOR + popcount and a counting selection. A behaviour
 * seen with another category than its item's usual one is hashed on the spot, so the bits are always exactly
 * the training ones. A history that repeats its items (most do) is grouped by item and category first
 * ({@link SignatureGroups}): a candidate's distances are computed once per group, and the rows it keeps come
 * back once per group with how many behaviours they stand for.
 */
final class EtaRetrieval implements Retrieval {

    private final SimHashSignatures signatures;
    private final int k;
    private final int words;
    private final int[] itemCategory;
    private final long[] table;   // [items, words]
    private final boolean vectorPass;
    /** A selection's buffers grow to the history's length: one set per serving thread, not one per chunk. */
    private static final ThreadLocal<HammingTopK> TOP_K = ThreadLocal.withInitial(HammingTopK::new);
    private static final ThreadLocal<SignatureGroups.Scratch> GROUPED =
            ThreadLocal.withInitial(SignatureGroups.Scratch::new);

    EtaRetrieval(SimHashSignatures signatures, int k, int[] itemCategory) {
        this(signatures, k, itemCategory, HammingScan.vector());
    }

    /** @param vectorPass whether selections pass over the history with {@link VectorHammingScan} */
    EtaRetrieval(SimHashSignatures signatures, int k, int[] itemCategory, boolean vectorPass) {
        this.vectorPass = vectorPass;
        this.signatures = signatures;
        this.k = k;
        this.words = signatures.words();
        this.itemCategory = itemCategory.clone();
        this.table = new long[itemCategory.length * words];
        for (int i = 1; i < itemCategory.length; i++) {
            signatures.signature(i, itemCategory[i], table, i * words);
        }
    }

    @Override
    public int limit() {
        return k;
    }

    @Override
    public long tableBytes() {
        return 8L * table.length;
    }

    private void signature(int item, int category, long[] out, int off) {
        if (item > 0 && item < itemCategory.length && itemCategory[item] == category) {
            System.arraycopy(table, item * words, out, off, words);
        } else {
            signatures.signature(item, category, out, off);
        }
    }

    @Override
    public Prepared prepare(dev.lifelong.data.batch.BehaviourSequences history, int b) {
        int from = history.start(b);
        int n = history.length(b);
        int[] items = history.items();
        int[] categories = history.categories();
        long[] sigs = new long[n * words];
        for (int i = 0; i < n; i++) {
            signature(items[from + i], categories[from + i], sigs, i * words);
        }
        // Alike behaviours are counted whenever they could be grouped (serving decides by their count whether to
        // prefetch rows); the groups' own tables are built only for a history that is grouped.
        RowGroups alike = words == 1 && n > k
                ? RowGroups.of(RowGroups.itemAndCategoryKeys(items, categories, from, n), n) : null;
        int distinct = alike != null ? alike.groups() : n;
        if (alike != null && alike.worthGrouping()) {
            SignatureGroups groups = SignatureGroups.of(alike, sigs, vectorPass);
            return Prepared.of(distinct, () -> new Selector() {
                private final SignatureGroups.Scratch scratch = GROUPED.get();
                private final long[] target = new long[1];

                @Override
                public int select(int item, int category, int[] out) {
                    signature(item, category, target, 0);
                    return groups.select(target[0], k, signatures.bits(), out, scratch);
                }

                @Override
                public int selectGrouped(int item, int category, int[] rows, int[] multiplicity) {
                    signature(item, category, target, 0);
                    return groups.selectGrouped(target[0], k, signatures.bits(), rows, multiplicity, scratch);
                }
            });
        }
        // Laid out once for the vector pass, which every candidate then runs over it (HammingScan chooses).
        long[] laidOut = words == 1 && n >= VectorHammingScan.BLOCK && vectorPass
                ? VectorHammingScan.layout(sigs, n) : null;
        return Prepared.of(distinct, () -> new Selector() {
            private final HammingTopK topK = TOP_K.get();
            private final int[] distances = new int[words == 1 ? 0 : n];
            private final long[] target = new long[words];

            @Override
            public int select(int item, int category, int[] out) {
                signature(item, category, target, 0);
                if (words == 1) {
                    return topK.selectNearest(sigs, laidOut, n, target[0], k, signatures.bits(), out);
                } else {
                    for (int i = 0; i < n; i++) {
                        distances[i] = SimHashSignatures.distance(sigs, i * words, target, 0, words);
                    }
                }
                return topK.select(distances, n, k, signatures.bits(), out);
            }
        });
    }
}
