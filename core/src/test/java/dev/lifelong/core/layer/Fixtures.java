package dev.lifelong.core.layer;

import dev.lifelong.core.random.Rng;

/** Random inputs for layer tests. */
final class Fixtures {

    private Fixtures() {
    }

    static float[] uniform(Rng rng, int n, double limit) {
        float[] x = new float[n];
        rng.fillUniform(x, 0, n, limit);
        return x;
    }

    /** Offsets for the given sequence lengths. */
    static int[] offsets(int... lengths) {
        int[] off = new int[lengths.length + 1];
        for (int i = 0; i < lengths.length; i++) {
            off[i + 1] = off[i] + lengths[i];
        }
        return off;
    }

    static double project(float[] y, float[] r, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) y[i] * r[i];
        }
        return s;
    }
}
