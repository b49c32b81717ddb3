package dev.lifelong.bench;

import dev.lifelong.core.kernel.Kernels;

/**
 * Layers and optimizers pick their kernels once per JVM ({@code -Dlifelong.kernels}), so their vector and scalar
 * benchmarks run in separate forks. Each fork checks it got what it asked for, so a mislabelled figure cannot be
 * recorded.
 */
public final class ForkKernels {

    private ForkKernels() {
    }

    public static void expect(String prefix) {
        if (!Kernels.get().name().startsWith(prefix)) {
            throw new IllegalStateException("expected " + prefix + " kernels in this fork, got " + Kernels.get().name());
        }
    }
}
