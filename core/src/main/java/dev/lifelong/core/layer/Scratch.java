package dev.lifelong.core.layer;

/** Workspace arrays that grow to the largest batch seen and are then reused, so steady state allocates nothing. */
final class Scratch {

    private Scratch() {
    }

    /** {@code a} if it holds {@code n} floats, else a new array with headroom (contents not kept). */
    static float[] ensure(float[] a, int n) {
        if (a != null && a.length >= n) {
            return a;
        }
        return new float[Math.max(n, a == null ? 0 : a.length + (a.length >> 1))];
    }

    /** Like {@link #ensure}, then zeroes the first {@code n} floats. */
    static float[] zeroed(float[] a, int n) {
        float[] r = ensure(a, n);
        java.util.Arrays.fill(r, 0, n, 0f);
        return r;
    }
}
