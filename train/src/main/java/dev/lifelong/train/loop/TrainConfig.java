package dev.lifelong.train.loop;

/**
 * How to train: the papers' choice of optimizers (embeddings Adagrad, dense layers Adam) by default, mini-batches
 * split into fixed-size shards over all cores, early stopping on validation AUC.
 *
 * @param epochs             passes over the training samples at most
 * @param batchSize          samples per optimizer step
 * @param shardSize          samples per worker shard (results do not depend on the thread count)
 * @param threads            worker threads; 0 = all cores
 * @param embeddingLr        learning rate of the embedding tables
 * @param denseLr            Adam learning rate of everything else
 * @param l2                 coupled L2 on dense parameters
 * @param clipNorm           global gradient-norm clip; 0 = none
 * @param patience           epochs without validation-AUC improvement before stopping
 * @param seed               shuffling seed
 * @param embeddingOptimizer {@code adagrad} (the default, as the papers) or {@code adam}; both sparse: a row's
 *                           values and state move only in the steps that touch it
 * @param embeddingL2        coupled L2 on the embedding rows a step touches (lazy, like the update itself)
 */
public record TrainConfig(int epochs, int batchSize, int shardSize, int threads, float embeddingLr, float denseLr,
                          float l2, float clipNorm, int patience, long seed, String embeddingOptimizer,
                          float embeddingL2) {

    /** The embedding optimizers {@link #embeddingOptimizer} names. */
    public static final java.util.List<String> EMBEDDING_OPTIMIZERS = java.util.List.of("adagrad", "adam");

    public static final TrainConfig DEFAULT = new TrainConfig(3, 256, 64, 0, 0.05f, 2e-3f, 0f, 10f, 2, 42);

    /** Embeddings by Adagrad without a penalty, as the papers train them. */
    public TrainConfig(int epochs, int batchSize, int shardSize, int threads, float embeddingLr, float denseLr,
                       float l2, float clipNorm, int patience, long seed) {
        this(epochs, batchSize, shardSize, threads, embeddingLr, denseLr, l2, clipNorm, patience, seed, "adagrad", 0f);
    }

    public TrainConfig {
        if (epochs < 1 || batchSize < 1 || shardSize < 1 || threads < 0 || patience < 0) {
            throw new IllegalArgumentException("need epochs, batch_size, shard_size >= 1 and threads, patience >= 0");
        }
        if (!(embeddingLr > 0) || !(denseLr > 0) || !(l2 >= 0) || !(clipNorm >= 0) || !(embeddingL2 >= 0)) {
            throw new IllegalArgumentException("learning rates must be > 0, l2, embedding_l2 and clip_norm >= 0");
        }
        if (!EMBEDDING_OPTIMIZERS.contains(embeddingOptimizer)) {
            throw new IllegalArgumentException("embedding_optimizer must be one of " + EMBEDDING_OPTIMIZERS
                    + ", not '" + embeddingOptimizer + "'");
        }
    }

    public TrainConfig withEpochs(int n) {
        return new TrainConfig(n, batchSize, shardSize, threads, embeddingLr, denseLr, l2, clipNorm, patience, seed,
                embeddingOptimizer, embeddingL2);
    }

    public TrainConfig withThreads(int n) {
        return new TrainConfig(epochs, batchSize, shardSize, n, embeddingLr, denseLr, l2, clipNorm, patience, seed,
                embeddingOptimizer, embeddingL2);
    }
}
