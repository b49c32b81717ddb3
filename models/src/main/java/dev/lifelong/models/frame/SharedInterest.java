package dev.lifelong.models.frame;

import dev.lifelong.data.batch.BehaviourSequences;

/**
 * A long unit's serving form when its work splits into a per-request part shared by all candidates and a
 * per-candidate part ({@link SequenceUnit#sharedInterest}): TWIN's history projections and cross biases are
 * gathered once per request from tables built when the version loads; SDIM's buckets are summed once per
 * request, so a candidate's cost no longer depends on the history's length. Then each chunk of candidates gets
 * its interest vectors. Built for a model version whose parameters no longer change.
 */
public interface SharedInterest {

    /** Per-worker buffers. */
    Object newWorkspace();

    /** Bytes of the item-side tables built for this version (0 when there are none). */
    default long tableBytes() {
        return 0;
    }

    /** The shared work of one request over sample {@code b} of {@code longSlice} (its long sequence). */
    Request prepare(BehaviourSequences longSlice, int b);

    /** One request's shared state; {@link #interests} may run on several workers at once. */
    interface Request {

        /**
         * The long interests {@code out [n, outDim]} of {@code n} candidates from their target vectors
         * {@code q [n, d]} and ids.
         */
        void interests(float[] q, int[] items, int[] categories, int n, float[] out, Object workspace);
    }
}
