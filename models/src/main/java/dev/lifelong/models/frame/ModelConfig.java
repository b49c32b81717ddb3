package dev.lifelong.models.frame;

import java.util.List;

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
 * @param gsuSize      TWIN and SIM: behaviours the search unit passes to the exact unit
 * @param crossDim     width of each cross-feature embedding (behaviour type, value bucket, time gap)
 * @param sdimTau      SDIM: bits per hash signature
 * @param sdimGroups   SDIM: signatures (so m = tau x groups hash vectors)
 * @param seed         initialisation and the fixed hash matrices
 * @param twinCrossFeatures TWIN: the cross features its behaviours carry, a subset of {@link #CROSS_FEATURES}, kept
 *                     in that order (all by default; fewer, or none, to measure what they add: on MovieLens the
 *                     value is the user's past rating, which no other model sees). Null means the default, so
 *                     artifacts written before the setting existed load as they were trained.
 */
public record ModelConfig(int embeddingDim, int longLen, int shortLen, int heads, int[] mlpHidden, int hashBits,
                          int topK, int gsuSize, int crossDim, int sdimTau, int sdimGroups, long seed,
                          List<String> twinCrossFeatures) {

    /** A behaviour's user-item cross features (MODELS.md, shared frame), in the order TWIN lays them out. */
    public static final List<String> CROSS_FEATURES = List.of("behaviour", "value", "gap");

    public static final ModelConfig DEFAULT = new ModelConfig(16, 1000, 50, 4, new int[] {128, 64}, 64, 48, 100, 8,
            3, 16, 42, CROSS_FEATURES);

    /** The shared settings with the defaults of the model-specific ones. */
    public ModelConfig(int embeddingDim, int longLen, int shortLen, int heads, int[] mlpHidden, int hashBits, int topK,
                       long seed) {
        this(embeddingDim, longLen, shortLen, heads, mlpHidden, hashBits, topK, DEFAULT_GSU, DEFAULT_CROSS, 3, 16,
                seed, CROSS_FEATURES);
    }

    private static final int DEFAULT_GSU = 100;
    private static final int DEFAULT_CROSS = 8;

    public ModelConfig {
        mlpHidden = mlpHidden.clone();
        for (int units : mlpHidden) {
            if (units < 1) {
                throw new IllegalArgumentException("mlp_hidden: every layer needs at least 1 unit, not " + units);
            }
        }
        if (embeddingDim < 1 || longLen < 1 || shortLen < 1 || shortLen > longLen || heads < 1) {
            throw new IllegalArgumentException("need embedding_dim, long_len, short_len, heads >= 1 and "
                    + "short_len <= long_len");
        }
        if ((2 * embeddingDim) % heads != 0) {
            throw new IllegalArgumentException("the behaviour width 2 x embedding_dim = " + 2 * embeddingDim
                    + " must divide into " + heads + " heads");
        }
        if (hashBits < 1 || hashBits > 1024 || topK < 1 || gsuSize < 1 || crossDim < 1) {
            throw new IllegalArgumentException("need 1 <= hash_bits <= 1024 and top_k, gsu_size, cross_dim >= 1");
        }
        if (sdimTau < 1 || sdimTau > 16 || sdimGroups < 1 || sdimTau * sdimGroups > 1024) {
            throw new IllegalArgumentException("need 1 <= sdim_tau <= 16, sdim_groups >= 1 and their product <= 1024");
        }
        if (twinCrossFeatures == null) {
            twinCrossFeatures = CROSS_FEATURES;
        }
        boolean[] listed = new boolean[CROSS_FEATURES.size()];
        for (String f : twinCrossFeatures) {
            int at = f == null ? -1 : CROSS_FEATURES.indexOf(f);
            if (at < 0) {
                throw new IllegalArgumentException("twin_cross_features: unknown cross feature '" + f + "'; known: "
                        + String.join(", ", CROSS_FEATURES));
            }
            if (listed[at]) {
                throw new IllegalArgumentException("twin_cross_features: '" + f + "' is listed twice");
            }
            listed[at] = true;
        }
        List<String> canonical = new java.util.ArrayList<>();
        for (int at = 0; at < listed.length; at++) {
            if (listed[at]) {
                canonical.add(CROSS_FEATURES.get(at));
            }
        }
        twinCrossFeatures = List.copyOf(canonical);
    }

    @Override
    public String toString() {
        return "embedding_dim=" + embeddingDim + ", long_len=" + longLen + ", short_len=" + shortLen + ", heads="
                + heads + ", mlp_hidden=" + java.util.Arrays.toString(mlpHidden) + ", hash_bits=" + hashBits
                + ", top_k=" + topK + ", gsu_size=" + gsuSize + ", cross_dim=" + crossDim + ", sdim_tau=" + sdimTau
                + ", sdim_groups=" + sdimGroups + ", seed=" + seed
                + (twinCrossFeatures.equals(CROSS_FEATURES) ? "" : ", twin_cross_features=" + twinCrossFeatures);
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
        return new ModelConfig(embeddingDim, newLong, newShort, heads, mlpHidden, hashBits, topK, gsuSize, crossDim,
                sdimTau, sdimGroups, seed, twinCrossFeatures);
    }

    public ModelConfig withSeed(long newSeed) {
        return new ModelConfig(embeddingDim, longLen, shortLen, heads, mlpHidden, hashBits, topK, gsuSize, crossDim,
                sdimTau, sdimGroups, newSeed, twinCrossFeatures);
    }

    public ModelConfig withRetrieval(int newHashBits, int newTopK, int newGsuSize) {
        return new ModelConfig(embeddingDim, longLen, shortLen, heads, mlpHidden, newHashBits, newTopK, newGsuSize,
                crossDim, sdimTau, sdimGroups, seed, twinCrossFeatures);
    }
}
