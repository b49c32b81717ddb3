package dev.lifelong.core.kernel;

import java.util.SplittableRandom;

/**
 * Runs the vector kernels whose results could depend on how the JVM executes them (reductions, exponentials) on
 * seeded inputs and prints a fingerprint of the exact output bits. Run as a main class under {@code -Xint} by
 * {@link KernelDeterminismTest}.
 */
public final class KernelFingerprint {

    private KernelFingerprint() {
    }

    static long fingerprint(FloatKernels k) {
        SplittableRandom rnd = new SplittableRandom(99);
        long h = 17;
        for (int t = 0; t < 50; t++) {
            int n = 1 + rnd.nextInt(300);
            float[] a = new float[n];
            float[] b = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = (float) (rnd.nextDouble() * 40 - 20);
                b[i] = (float) (rnd.nextDouble() * 2 - 1);
            }
            h = 31 * h + Float.floatToRawIntBits(k.dot(a, 0, b, 0, n));
            float[] s = a.clone();
            k.softmax(s, 0, n, null, 0);
            float[] g = new float[n];
            k.sigmoid(a, 0, g, 0, n);
            for (int i = 0; i < n; i++) {
                h = 31 * h + Float.floatToRawIntBits(s[i]);
                h = 31 * h + Float.floatToRawIntBits(g[i]);
            }
        }
        return h;
    }

    public static void main(String[] args) {
        System.out.println(fingerprint(Kernels.vector()));
    }
}
