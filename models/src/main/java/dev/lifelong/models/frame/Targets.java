package dev.lifelong.models.frame;

/**
 * The targets of a batch: their vectors {@code q [n, d]} and the ids they were gathered from (ETA hashes
 * targets from ids, exactly as it hashes behaviours).
 */
public record Targets(float[] q, int[] items, int[] categories, int n) {
}
