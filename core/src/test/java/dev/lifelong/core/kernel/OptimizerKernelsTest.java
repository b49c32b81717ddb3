package dev.lifelong.core.kernel;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The row-wise optimizer kernels, vector against scalar, tails included. */
class OptimizerKernelsTest {

    private final FloatKernels ref = Kernels.scalar();
    private final FloatKernels vec = Kernels.vector();

    @ParameterizedTest
    @MethodSource("dev.lifelong.core.kernel.VectorKernelsTest#lengths")
    void adamAndAdagradStepsMatchScalar(int n) {
        SplittableRandom rnd = new SplittableRandom(n + 100);
        float[] w = VectorKernelsTest.random(rnd, n + 3);
        float[] m = VectorKernelsTest.random(rnd, n + 3);
        float[] v = VectorKernelsTest.random(rnd, n + 3);
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.abs(v[i]);
        }
        float[] g = VectorKernelsTest.random(rnd, n + 1);
        var adam = new FloatKernels.AdamStep(0.9f, 0.999f, 1e-8f, 0.05f, 0.3f, 0.7f, 0.01f, 0.001f);
        float[][] a = {w.clone(), m.clone(), v.clone()};
        float[][] b = {w.clone(), m.clone(), v.clone()};
        ref.adamStep(a[0], 2, a[1], a[2], 3, g, 1, n, adam);
        vec.adamStep(b[0], 2, b[1], b[2], 3, g, 1, n, adam);
        for (int k = 0; k < 3; k++) {
            assertClose(b[k], a[k]);
        }
        var adagrad = new FloatKernels.AdagradStep(0.05f, 1e-10f, 0.5f, 0.01f, 0.001f);
        float[] wa = w.clone();
        float[] wb = w.clone();
        float[] accA = v.clone();
        float[] accB = v.clone();
        ref.adagradStep(wa, 1, accA, g, 0, n, adagrad);
        vec.adagradStep(wb, 1, accB, g, 0, n, adagrad);
        assertClose(wb, wa);
        assertClose(accB, accA);
    }

    private static void assertClose(float[] actual, float[] expected) {
        for (int i = 0; i < actual.length; i++) {
            if (Math.abs(actual[i] - expected[i]) > 1e-6f * (1 + Math.abs(expected[i]))) {
                throw new AssertionError("index " + i + ": " + actual[i] + " vs " + expected[i]);
            }
        }
    }
}
