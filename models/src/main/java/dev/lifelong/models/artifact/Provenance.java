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
 */
public record Provenance(String model, String library, String created, long seed, String dataset,
                         String dataFingerprint, int itemRows, int categoryRows, Map<String, Object> modelConfig,
                         Map<String, Object> trainConfig, Map<String, Object> metrics, String kernels) {
}
