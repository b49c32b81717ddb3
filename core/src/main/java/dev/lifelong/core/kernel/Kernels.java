package dev.lifelong.core.kernel;

import java.util.Locale;

/**
 * Chooses the kernels once per JVM. The Vector API lives in the incubator module {@code jdk.incubator.vector},
 * which the launcher, the tests and the benchmarks add with {@code --add-modules}; a JVM started without it
 * gets the scalar kernels instead of a {@code NoClassDefFoundError}. The system property
 * {@value #PROPERTY} ({@code auto}, {@code vector} or {@code scalar}) overrides the choice, and
 * {@value #VECTOR_BITS_PROPERTY} the vector kernels' width (see {@link #vectorBits}).
 */
public final class Kernels {

    /** System property naming the kernels to use. */
    public static final String PROPERTY = "lifelong.kernels";

    /** System property naming the vector kernels' width in bits: {@code auto}, {@code preferred}, 128, 256, 512. */
    public static final String VECTOR_BITS_PROPERTY = "lifelong.vector.bits";

    /** The widest vectors {@code auto} uses, whatever the platform prefers. */
    static final int AUTO_MAX_BITS = 256;

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

    /** The platform's preferred vector width in bits, which {@code preferred} would use; 0 without the Vector API. */
    public static int preferredVectorBits() {
        return vectorAvailable() ? VectorKernels.preferredBits() : 0;
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

    /**
     * The vector width for a choice of {@value #VECTOR_BITS_PROPERTY}, given the platform's preferred width.
     * {@code auto} (the default) takes the preferred width up to 256 bits. Two reasons, measured on an AVX-512
     * host (AMD EPYC, docs/BENCHMARKS.md, developer session 14). Serving was slower with every kernel at 512 bits
     * (the GEMM alone was faster, but not the requests around it), and training was not told apart. And any
     * second width beside the first is a trap. C2 inlines the Vector API's shared methods ({@code fma},
     * {@code lanewise}) from type profiles; once those saw two vector classes, a kernel compiled afterwards
     * could run the API's Java fallback, which allocates an array per operation ({@code ta-full-long} served
     * 3-5x slower when {@code eta}, whose attention used 8-float vectors, warmed up first). So every kernel
     * uses the one width. {@code preferred} takes the platform's width uncapped; a number must be one the
     * platform runs natively.
     *
     * @throws IllegalArgumentException naming the property, for anything else
     */
    static int vectorBits(String choice, int preferredBits) {
        String c = choice == null ? "auto" : choice.trim().toLowerCase(Locale.ROOT);
        switch (c) {
            case "auto":
                return Math.min(preferredBits, AUTO_MAX_BITS);
            case "preferred":
                return preferredBits;
            case "128":
            case "256":
            case "512":
                int bits = Integer.parseInt(c);
                if (bits > preferredBits) {
                    throw new IllegalArgumentException("-D" + VECTOR_BITS_PROPERTY + "=" + choice
                            + " is wider than this platform's vectors (" + preferredBits
                            + " bits); wider ones would be emulated, many times slower");
                }
                return bits;
            default:
                throw new IllegalArgumentException("-D" + VECTOR_BITS_PROPERTY + "=" + choice
                        + " is not one of: auto, preferred, 128, 256, 512");
        }
    }
}
