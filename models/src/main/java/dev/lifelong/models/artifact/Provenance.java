package dev.lifelong.models.artifact;

import java.util.Map;

/**
 * Where a trained model comes from, saved inside its artifact and shown by the server's metadata endpoint.
 *
 * @param model           registry name
 * @param library         lifelong version that trained it
 * @param created         ISO instant
 * @param seed            model seed (initialisation, hash matrix)
 * @param dataset         dataset folder it was trained on
 * @param dataFingerprint checksums of the dataset's timelines and samples files
 * @param itemRows        item vocabulary size (embedding rows), to check a dataset before scoring it
 * @param categoryRows    category vocabulary size
 * @param modelConfig     the resolved model configuration
 * @param trainConfig     the resolved training configuration
 * @param metrics         validation and test metrics measured after training
 * @param kernels         the numerical kernels that trained it ({@code vector-256}, {@code scalar}): a seed
 *                        reproduces training only on kernels of the same width, which sum in the same order
 *                        (null in artifacts from before it was recorded)
 * @param vocabularies    the vocabularies the model's ids come from, feature ({@code item}, {@code category},
 *                        {@code behaviour}) to its fingerprint ({@code Vocabulary.fingerprint}); null in artifacts
 *                        from before they were recorded
 */
public record Provenance(String model, String library, String created, long seed, String dataset,
                         String dataFingerprint, int itemRows, int categoryRows, Map<String, Object> modelConfig,
                         Map<String, Object> trainConfig, Map<String, Object> metrics, String kernels,
                         Map<String, String> vocabularies) {

    /**
     * Why the model cannot score ids from vocabularies with these fingerprints ({@code actual}: feature to
     * fingerprint), or null when it can: same sizes, and where this artifact recorded its vocabularies, the same
     * raw ids at the same dense ids. A vocabulary of the same size whose ids moved would score every item with
     * another item's embedding, silently.
     */
    public String vocabularyMismatch(int actualItemRows, int actualCategoryRows, Map<String, String> actual) {
        if (itemRows != actualItemRows || categoryRows != actualCategoryRows) {
            return "trained on vocabularies of " + itemRows + " items and " + categoryRows + " categories, not "
                    + actualItemRows + " and " + actualCategoryRows;
        }
        if (vocabularies == null) {
            return null;
        }
        for (var e : vocabularies.entrySet()) {
            String other = actual.get(e.getKey());
            if (!java.util.Objects.equals(e.getValue(), other)) {
                return "trained on another " + e.getKey() + " vocabulary (fingerprint " + e.getValue() + ", here "
                        + other + "): the same ids would mean other " + e.getKey() + "s";
            }
        }
        return null;
    }
}
