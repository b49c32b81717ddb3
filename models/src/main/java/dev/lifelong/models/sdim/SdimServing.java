package dev.lifelong.models.sdim;

import dev.lifelong.core.kernel.FloatKernels;
import dev.lifelong.core.kernel.Kernels;
import dev.lifelong.data.batch.BehaviourSequences;
import dev.lifelong.models.frame.Embeddings;
import dev.lifelong.models.frame.RowGroups;
import dev.lifelong.models.frame.SharedInterest;

/**
 * SDIM at serving time (MODELS.md, {@code sdim}: "per request the user's buckets can be built once and reused
 * for all candidates"). A target's interest in signature s is the l2-normalised sum of the behaviours whose
 * s-th code equals the target's: that sum depends only on the code, of which there are 2^tau. So a request sums
 * its history into S x 2^tau buckets once, and a candidate reads S of them: its cost no longer depends on L.
 * Each distinct behaviour ({@link RowGroups}) is hashed once and added once, times its count, in order of first
 * occurrence, as the forward pass adds them, and the norms and the mean over signatures are taken as it takes
 * them, so scores equal training's bit for bit; a lifelong history of 10^5 behaviours over a few thousand items
 * costs a few thousand rows.
 */
final class SdimServing implements SharedInterest {

    private static final FloatKernels K = Kernels.get();

    private final SdimUnit unit;
    private final Embeddings emb;
    private final int groups;
    private final int buckets;
    private final int d;

    SdimServing(SdimUnit unit) {
        this.unit = unit;
        this.emb = unit.embeddings();
        this.groups = unit.groups();
        this.buckets = 1 << unit.tau();
        this.d = emb.width();
    }

    private static final class Workspace {
        long[] sig;
        int[] codes;
    }

    @Override
    public Object newWorkspace() {
        Workspace ws = new Workspace();
        ws.sig = new long[unit.words()];
        ws.codes = new int[groups];
        return ws;
    }

    @Override
    public Request prepare(BehaviourSequences seq, int b) {
        float[] sums = new float[groups * buckets * d];
        float[] norms = new float[groups * buckets];
        long[] sig = new long[unit.words()];
        int[] codes = new int[groups];
        float[] row = new float[d];
        int start = seq.start(b);
        int len = seq.length(b);
        if (len > 0) {
            // Each item once, times its count, in order of first occurrence: the additions training makes
            // (SdimUnit.sumByPattern), so the same sums bit for bit, at one row per item instead of per behaviour.
            RowGroups alike = RowGroups.of(RowGroups.itemAndCategoryKeys(seq.items(), seq.categories(), start, len),
                    len);
            int[] counts = alike.counts();
            for (int g = 0; g < alike.groups(); g++) {
                int r = start + alike.first(g);
                unit.code(seq.items()[r], seq.categories()[r], sig, codes, 0);
                emb.gatherRow(seq.items()[r], seq.categories()[r], row, 0);
                float count = counts[g];
                for (int s = 0; s < groups; s++) {
                    int o = (s * buckets + codes[s]) * d;
                    for (int c = 0; c < d; c++) {
                        sums[o + c] += count * row[c];
                    }
                }
            }
        }
        for (int k = 0; k < groups * buckets; k++) {
            double sq = 0;
            for (int c = 0; c < d; c++) {
                sq += (double) sums[k * d + c] * sums[k * d + c];
            }
            norms[k] = (float) Math.sqrt(sq);
        }
        return (q, items, categories, n, out, workspace) -> {
            Workspace ws = (Workspace) workspace;
            java.util.Arrays.fill(out, 0, n * d, 0f);
            for (int i = 0; i < n; i++) {
                unit.code(items[i], categories[i], ws.sig, ws.codes, 0);
                for (int s = 0; s < groups; s++) {
                    int k = s * buckets + ws.codes[s];
                    float norm = norms[k];
                    if (norm > 0) {
                        for (int c = 0; c < d; c++) {
                            out[i * d + c] += sums[k * d + c] / norm / groups;
                        }
                    }
                }
            }
        };
    }
}
