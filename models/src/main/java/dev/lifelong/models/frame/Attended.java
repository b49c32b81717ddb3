package dev.lifelong.models.frame;

/**
 * What a unit attended to for one sample of its last forward pass: positions in the batch's behaviour arrays
 * (so {@code BehaviourSequences.timelineRows()[position]} is the timeline row) and their weights (attention
 * probabilities averaged over heads, DIN's unnormalised weights, or a unit's own notion).
 */
public record Attended(int[] positions, float[] weights) {

    public static final Attended NONE = new Attended(new int[0], new float[0]);
}
