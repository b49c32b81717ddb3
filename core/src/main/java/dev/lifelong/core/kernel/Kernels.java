package dev.lifelong.core.kernel;

import java.util.Locale;

/**
 * Chooses the kernels once per JVM. The Vector API lives in the incubator module {@code jdk.incubator.vector},
 * which the launcher, the tests and the benchmarks add with {@code --add-modules}; a JVM started without it
 * gets the scalar kernels instead of a {@code NoClassDefFoundError}. The system property
 * {@value #PROPERTY} ({@code auto}, {@code vector} or {@code scalar}) overrides the choice.
 */
public final class Kernels {

    /** System property naming the kernels to use. */
    public static final String PROPERTY = "lifelong.kernels";

    private static final FloatKernels SELECTED = select(System.getProperty(PROPERTY, "auto"));

    private Kernels() {
    }

    /** The kernels chosen for this JVM. */
    public static FloatKernels get() {
        return SELECTED;
    }

    /** The scalar reference kernels. */
    public static FloatKernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /** True when the Vector API module is in the boot layer, so {@link #vector()} works. */
    public static boolean vectorAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * The Vector API kernels.
     *
     * @throws IllegalStateException when the JVM was started without {@code --add-modules jdk.incubator.vector}
     */
    public static FloatKernels vector() {
        if (!vectorAvailable()) {
            throw new IllegalStateException(
                    "the Vector API is not available: start the JVM with --add-modules jdk.incubator.vector");
        }
        return VectorKernels.INSTANCE;
    }

    static FloatKernels select(String choice) {
        switch (choice.trim().toLowerCase(Locale.ROOT)) {
            case "auto":
                return vectorAvailable() ? VectorKernels.INSTANCE : ScalarKernels.INSTANCE;
            case "vector":
                return vector();
            case "scalar":
                return ScalarKernels.INSTANCE;
            default:
                throw new IllegalArgumentException(
                        "-D" + PROPERTY + "=" + choice + " is not one of: auto, vector, scalar");
        }
    }
}
