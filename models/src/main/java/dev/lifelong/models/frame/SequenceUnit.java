package dev.lifelong.models.frame;

import dev.lifelong.core.param.Gradients;
import dev.lifelong.data.batch.BehaviourSequences;

/**
 * An interest unit: from the targets (vectors {@code q [n, d]} and ids) and a jagged batch of behaviour ids, an interest
 * vector per sample {@code [n, outDim]}. Units gather the embeddings they need themselves (ETA gathers only the
 * behaviours it retrieves) and scatter their gradients back; the short unit and the long unit of every model
 * are sequence units.
 */
public interface SequenceUnit {

    int outDim();

    /**
     * Whether the unit reads its sequences' cross features (behaviour type, value and gap buckets). A unit that
     * does not lets the batch assemblers (training's and serving's) skip three of a sequence's seven columns.
     * True unless the unit says otherwise, so a unit that forgets to say never meets columns left unfilled.
     */
    default boolean readsCrossFeatures() {
        return true;
    }

    /** Per-worker activations, reused from batch to batch. */
    Object newWorkspace();

    void forward(Targets targets, BehaviourSequences seq, float[] out, Object workspace, boolean training);

    /**
     * Accumulates parameter and embedding gradients and {@code dQ += dLoss/dq}. Must follow {@link #forward} on
     * the same workspace and inputs.
     */
    void backward(Targets targets, BehaviourSequences seq, float[] dOut, float[] dQ, Object workspace,
                  Gradients grads);

    /**
     * An extra loss the unit trains jointly with the CTR loss (SIM soft's auxiliary CTR head), after
     * {@link #forward}: returns its summed BCE divided by {@code normalizer}; with {@code dQ} not null also
     * accumulates its gradients and {@code dQ += dAux/dq}. Most units have none.
     */
    default double auxiliaryLoss(Targets targets, BehaviourSequences seq, float[] labels, int normalizer, float[] dQ,
                                 Object workspace, Gradients grads) {
        return 0;
    }

    /**
     * Non-trainable state that a saved model must carry, by name: running statistics, ETA's hash matrix. The
     * arrays are live; loading copies saved values into them.
     */
    default java.util.Map<String, float[]> state() {
        return java.util.Map.of();
    }

    /** What the unit attended to for sample {@code b} of the last forward pass on {@code workspace}. */
    default Attended explain(Object workspace, BehaviourSequences seq, int b) {
        return Attended.NONE;
    }

    /** Called after each optimizer step with the worker's workspace (running statistics); most units do nothing. */
    default void afterStep(Object workspace) {
    }

    /**
     * For serving: the unit's own choice of the few behaviours it attends to per target, made ahead of the
     * forward pass (null when the unit attends to the whole sequence). Built for a model version whose
     * parameters no longer change; {@code itemCategory} gives each item's usual category.
     */
    default Retrieval retrieval(int[] itemCategory) {
        return null;
    }

    /**
     * The unit's layer when the unit is multi-head target attention over item-side behaviour rows
     * ({@code [item ; category]} embeddings, no cross features): over the whole sequence, or, when
     * {@link #retrieval} is not null, over the rows its retrieval chooses. Serving scores such units against
     * rows projected once ({@link SharedHistoryScorer}); null for every other unit.
     */
    default dev.lifelong.core.layer.TargetAttention rowAttention() {
        return null;
    }

    /**
     * For serving: the unit's own split of its work into a per-request part and a per-candidate part, with
     * item-side tables built for a version whose parameters no longer change (TWIN); null for units served
     * through {@link #rowAttention} or the training forward pass.
     */
    default SharedInterest sharedInterest(int[] itemCategory) {
        return null;
    }
}
