package dev.lifelong.models.frame;

/**
 * Serving's view of a long unit that attends to a few behaviours chosen per target (ETA's Hamming top-k): it
 * chooses them ahead of the forward pass, so a request batch carries k rows per candidate instead of the whole
 * history. Choosing again inside the forward pass then keeps all k, in the same order, so the score is the
 * training forward pass's score. Built once per loaded model version (parameters frozen): its item-side tables
 * belong to that version.
 */
public interface Retrieval {

    /** The most rows a selection holds. */
    int limit();

    /**
     * The candidate-independent work of one request over the history slice of sample {@code b} of
     * {@code history} (oldest first, cross features as of the request), done once however many candidates
     * follow. Thread-safe to share between the request's workers.
     */
    Prepared prepare(dev.lifelong.data.batch.BehaviourSequences history, int b);

    /** One request's prepared history. */
    interface Prepared {

        /** A selector with its own buffers: one per worker thread. */
        Selector selector();

        /**
         * How many distinct rows (item and category) the history holds, which sets whether they stay in cache
         * while the candidates use them; at most the history's length, which is what it is when not counted.
         */
        int distinctRows();

        /** A prepared history of {@code distinctRows} rows whose selectors {@code selectors} makes. */
        static Prepared of(int distinctRows, java.util.function.Supplier<Selector> selectors) {
            return new Prepared() {
                @Override
                public Selector selector() {
                    return selectors.get();
                }

                @Override
                public int distinctRows() {
                    return distinctRows;
                }
            };
        }
    }

    /** Chooses rows for one target at a time. */
    interface Selector {

        /**
         * Writes the positions (within the prepared slice, ascending) the unit attends to for the target to
         * {@code out}, which holds {@link #limit()} or more; returns how many.
         */
        int select(int item, int category, int[] out);

        /**
         * The rows {@link #select} chooses, with behaviours that are the same row (the same item and category)
         * counted once: {@code rows[j]} is one of their positions, {@code multiplicity[j]} how many they are.
         * Returns how many rows; the multiplicities sum to what {@link #select} returns.
         */
        default int selectGrouped(int item, int category, int[] rows, int[] multiplicity) {
            int n = select(item, category, rows);
            java.util.Arrays.fill(multiplicity, 0, n, 1);
            return n;
        }
    }

    /** Bytes of the item-side tables built for this version (0 when there are none). */
    default long tableBytes() {
        return 0;
    }
}
