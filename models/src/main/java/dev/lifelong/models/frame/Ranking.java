package dev.lifelong.models.frame;

import java.util.Arrays;

/** Orders a sequence's positions by score, highest first, the more recent (larger position) first on ties. */
public final class Ranking {

    private Ranking() {
    }

    /** Writes positions {@code 0..len-1} of {@code scores[off ..]} to {@code out}, best first. */
    public static void descending(float[] scores, int off, int len, int[] out) {
        long[] keys = new long[len];
        for (int i = 0; i < len; i++) {
            int bits = Float.floatToIntBits(scores[off + i]);
            int sortable = bits >= 0 ? bits : bits ^ 0x7FFFFFFF;
            // Descending score, then descending position: complement both into one ascending key.
            keys[i] = ((long) ~sortable << 32) | (0xFFFFFFFFL & ~i);
        }
        Arrays.sort(keys);
        for (int i = 0; i < len; i++) {
            out[i] = ~(int) keys[i];
        }
    }
}
