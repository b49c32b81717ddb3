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
 * The buckets add their behaviours in the same (chronological) order, and the norms and the mean over
 * signatures are taken as the forward pass takes them, so scores equal training's bit for bit. A history that
 * repeats its items has each item's codes and row computed once ({@link RowGroups}).
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
        RowGroups alike = len == 0 ? null : RowGroups.of(
                RowGroups.itemAndCategoryKeys(seq.items(), seq.categories(), start, len), len);
        if (alike != null && alike.worthGrouping()) {
            // Codes and rows once per item, then the behaviours added in order as before: the same sums, bit for
            // bit, without hashing an item again at each of its occurrences.
            // Each item's buckets as offsets into the sums, so that a behaviour is one call adding its row into
            // all of them.
            int[] groupBuckets = new int[alike.groups() * groups];
            float[] groupRows = new float[alike.groups() * d];
            for (int g = 0; g < alike.groups(); g++) {
                int r = start + alike.first(g);
                unit.code(seq.items()[r], seq.categories()[r], sig, groupBuckets, g * groups);
                for (int s = 0; s < groups; s++) {
                    groupBuckets[g * groups + s] = (s * buckets + groupBuckets[g * groups + s]) * d;
                }
                emb.gatherRow(seq.items()[r], seq.categories()[r], groupRows, g * d);
            }
            int[] groupOf = alike.groupOf();
            for (int i = 0; i < len; i++) {
                int g = groupOf[i];
                K.addToRows(groupRows, g * d, sums, groupBuckets, g * groups, groups, d);
            }
        } else {
            for (int r = start; r < start + len; r++) {
                int item = seq.items()[r];
                int category = seq.categories()[r];
                unit.code(item, category, sig, codes, 0);
                emb.gatherRow(item, category, row, 0);
                for (int s = 0; s < groups; s++) {
                    codes[s] = (s * buckets + codes[s]) * d;
                }
                K.addToRows(row, 0, sums, codes, 0, groups, d);
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
