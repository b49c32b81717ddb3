package dev.lifelong.bench.kernel;

import dev.lifelong.core.kernel.FloatKernels;
import dev.lifelong.core.kernel.Kernels;

/** Maps a benchmark parameter to kernels. */
final class KernelChoice {

    private KernelChoice() {
    }

    static FloatKernels of(String name) {
        return switch (name) {
            case "vector" -> Kernels.vector();
            case "scalar" -> Kernels.scalar();
            default -> throw new IllegalArgumentException("kernels must be vector or scalar, got " + name);
        };
    }
}
