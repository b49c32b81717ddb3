package dev.lifelong.models.frame;

/**
 * Hyper-parameters shared by every model of the zoo (MODELS.md, "Shared frame") and those of the long units.
 *
 * @param embeddingDim per-feature embedding width; a behaviour or target vector is item + category, twice that
 * @param longLen      most recent behaviours the long unit sees
 * @param shortLen     most recent behaviours the short unit sees
 * @param heads        attention heads (short unit and attention-based long units)
 * @param mlpHidden    hidden widths of the final MLP
 * @param hashBits     ETA: SimHash signature bits m
 * @param topK         ETA: behaviours retrieved per target k
 * @param seed         initialisation and ETA's hash matrix
 */
public record ModelConfig(int embeddingDim, int longLen, int shortLen, int heads, int[] mlpHidden, int hashBits,
                          int topK, long seed) {

    public static final ModelConfig DEFAULT = new ModelConfig(16, 1000, 50, 4, new int[] {128, 64}, 64, 48, 42);

    public ModelConfig {
        mlpHidden = mlpHidden.clone();
        if (embeddingDim < 1 || longLen < 1 || shortLen < 1 || shortLen > longLen || heads < 1) {
            throw new IllegalArgumentException("need embedding_dim, long_len, short_len, heads >= 1 and "
                    + "short_len <= long_len");
        }
        if ((2 * embeddingDim) % heads != 0) {
            throw new IllegalArgumentException("the behaviour width 2 x embedding_dim = " + 2 * embeddingDim
                    + " must divide into " + heads + " heads");
        }
        if (hashBits < 1 || hashBits > 1024 || topK < 1) {
            throw new IllegalArgumentException("need 1 <= hash_bits <= 1024 and top_k >= 1");
        }
    }

    @Override
    public String toString() {
        return "embedding_dim=" + embeddingDim + ", long_len=" + longLen + ", short_len=" + shortLen + ", heads="
                + heads + ", mlp_hidden=" + java.util.Arrays.toString(mlpHidden) + ", hash_bits=" + hashBits
                + ", top_k=" + topK + ", seed=" + seed;
    }

    /** Width of a behaviour or target vector. */
    public int behaviourDim() {
        return 2 * embeddingDim;
    }

    @Override
    public int[] mlpHidden() {
        return mlpHidden.clone();
    }

    public ModelConfig withLengths(int newLong, int newShort) {
        return new ModelConfig(embeddingDim, newLong, newShort, heads, mlpHidden, hashBits, topK, seed);
    }

    public ModelConfig withSeed(long newSeed) {
        return new ModelConfig(embeddingDim, longLen, shortLen, heads, mlpHidden, hashBits, topK, newSeed);
    }

    public ModelConfig withRetrieval(int newHashBits, int newTopK) {
        return new ModelConfig(embeddingDim, longLen, shortLen, heads, mlpHidden, newHashBits, newTopK, seed);
    }

    public ModelConfig withEmbeddingDim(int dim) {
        return new ModelConfig(dim, longLen, shortLen, heads, mlpHidden, hashBits, topK, seed);
    }
}
