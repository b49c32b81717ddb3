package dev.lifelong.train.loop;

/**
 * How to train: the papers' choice of optimizers (embeddings Adagrad, dense layers Adam), mini-batches split
 * into fixed-size shards over all cores, early stopping on validation AUC.
 *
 * @param epochs            passes over the training samples at most
 * @param batchSize         samples per optimizer step
 * @param shardSize         samples per worker shard (results do not depend on the thread count)
 * @param threads           worker threads; 0 = all cores
 * @param embeddingLr       Adagrad learning rate of the embedding tables
 * @param denseLr           Adam learning rate of everything else
 * @param l2                coupled L2 on dense parameters
 * @param clipNorm          global gradient-norm clip; 0 = none
 * @param patience          epochs without validation-AUC improvement before stopping
 * @param seed              shuffling seed
 */
public record TrainConfig(int epochs, int batchSize, int shardSize, int threads, float embeddingLr, float denseLr,
                          float l2, float clipNorm, int patience, long seed) {

    public static final TrainConfig DEFAULT = new TrainConfig(3, 256, 64, 0, 0.05f, 2e-3f, 0f, 10f, 2, 42);

    public TrainConfig {
        if (epochs < 1 || batchSize < 1 || shardSize < 1 || threads < 0 || patience < 0) {
            throw new IllegalArgumentException("need epochs, batch_size, shard_size >= 1 and threads, patience >= 0");
        }
        if (!(embeddingLr > 0) || !(denseLr > 0) || !(l2 >= 0) || !(clipNorm >= 0)) {
            throw new IllegalArgumentException("learning rates must be > 0, l2 and clip_norm >= 0");
        }
    }

    public TrainConfig withEpochs(int n) {
        return new TrainConfig(n, batchSize, shardSize, threads, embeddingLr, denseLr, l2, clipNorm, patience, seed);
    }

    public TrainConfig withThreads(int n) {
        return new TrainConfig(epochs, batchSize, shardSize, n, embeddingLr, denseLr, l2, clipNorm, patience, seed);
    }
}
