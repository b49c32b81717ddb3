package dev.lifelong.models.twin;

import dev.lifelong.data.batch.BehaviourSequences;
import dev.lifelong.models.frame.Retrieval;

/**
 * TWIN's search unit for the serving requests that take the training forward pass (those asking for
 * explanations): the history's inherent features and cross biases are gathered once per request, then each
 * candidate's relevance over the whole history and its round-robin selection are computed by the same
 * operations as in training, so a candidate's batch carries only the selected behaviours and its score is the
 * training forward pass's, bit for bit. Other requests take {@link TwinServing}, which caches each item's
 * per-head projection as the paper does.
 */
final class TwinRetrieval implements Retrieval {

    private final TwinUnit unit;
    private final float[][] crossScalar;

    TwinRetrieval(TwinUnit unit) {
        this.unit = unit;
        this.crossScalar = unit.crossScalars(new float[0][]);
    }

    @Override
    public int limit() {
        return unit.gsuSize();
    }

    @Override
    public Prepared prepare(BehaviourSequences history, int b) {
        int start = history.start(b);
        int len = history.length(b);
        int width = unit.width();
        float[] keys = new float[len * width];
        float[] bias = new float[len];
        for (int i = 0; i < len; i++) {
            int r = start + i;
            unit.embeddings().gatherRow(history.items()[r], history.categories()[r], keys, i * width);
            bias[i] = unit.cross().bias(crossScalar, history, r);
        }
        int n = Math.min(unit.gsuSize(), len);
        int heads = unit.heads();
        return Retrieval.Prepared.of(len, () -> new Selector() {
            private final float[] q = new float[width];
            private final float[] qp = new float[unit.hk()];
            private final float[] u = new float[heads * width];
            private final float[] alpha = new float[heads * len];
            private final RoundRobin roundRobin = new RoundRobin();

            @Override
            public int select(int item, int category, int[] out) {
                unit.embeddings().gatherRow(item, category, q, 0);
                unit.projectQuery(q, 0, qp);
                unit.foldQuery(qp, 0, u);
                unit.relevance(u, keys, bias, len, alpha);
                boolean[] taken = roundRobin.select(alpha, len, heads, n);
                int at = 0;
                for (int i = 0; i < len; i++) {
                    if (taken[i]) {
                        out[at++] = i;
                    }
                }
                return at;
            }
        });
    }
}
