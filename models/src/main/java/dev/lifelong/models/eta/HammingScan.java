package dev.lifelong.models.eta;

import dev.lifelong.core.kernel.Kernels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Which pass serving's Hamming selection runs over a history, chosen once per JVM. Both keep exactly the same
 * behaviours; only their speed differs. The vector pass ({@link VectorHammingScan}) pays where the JDK's Vector
 * API counts bits in vector lanes: its {@code BIT_COUNT} (JDK 19 and later), which C2 compiles to one
 * instruction on a CPU with {@code avx512_vpopcntdq} and to a table lookup by byte shuffles on any AVX2 CPU
 * (OpenJDK JDK-8281375 and JDK-8283709, both JDK 19). Measured on Zen 4 with Temurin 25: 1.5-2.4x faster than
 * the scalar pass with {@code vpopcntq}, 1.3-2.5x with the AVX2 form ({@code -XX:UseAVX=2}); 2-3x slower where
 * the count is formed from shifts (JDK 17's API has no {@code BIT_COUNT}). So {@code auto} takes it only with
 * the vector kernels, a Vector API that counts bits, and a CPU whose {@code /proc/cpuinfo} flags list
 * {@code avx2}; anywhere else (another architecture, or flags that cannot be read), the scalar pass. The
 * system property {@value #PROPERTY} ({@code auto}, {@code vector}, {@code scalar}) overrides the choice.
 */
public final class HammingScan {

    /** System property naming the pass. */
    static final String PROPERTY = "lifelong.hamming";

    private static final boolean VECTOR = choose(System.getProperty(PROPERTY, "auto"), HammingScan::cpuCountsBits);

    private HammingScan() {
    }

    /** True when serving scans with {@link VectorHammingScan}. */
    static boolean vector() {
        return VECTOR;
    }

    /** The name of the chosen pass, for reports: {@code vector-popcount} or {@code scalar}. */
    public static String name() {
        return VECTOR ? "vector-popcount" : "scalar";
    }

    static boolean choose(String choice, java.util.function.BooleanSupplier cpuCountsBits) {
        switch (choice.trim().toLowerCase(Locale.ROOT)) {
            case "auto":
                return Kernels.get() != Kernels.scalar() && VectorHammingScan.countsBits()
                        && cpuCountsBits.getAsBoolean();
            case "vector":
                if (!Kernels.vectorAvailable()) {
                    throw new IllegalStateException("-D" + PROPERTY + "=vector needs the Vector API: start the JVM "
                            + "with --add-modules jdk.incubator.vector");
                }
                return true;
            case "scalar":
                return false;
            default:
                throw new IllegalArgumentException(
                        "-D" + PROPERTY + "=" + choice + " is not one of: auto, vector, scalar");
        }
    }

    /** Whether {@code /proc/cpuinfo} lists what C2 needs to count the bits of 256-bit vectors of longs. */
    private static boolean cpuCountsBits() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("flags"))
                    .findFirst()
                    .map(HammingScan::flagsCountBits)
                    .orElse(false);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static boolean flagsCountBits(String flagsLine) {
        List<String> flags = Arrays.asList(flagsLine.substring(flagsLine.indexOf(':') + 1).trim().split("\\s+"));
        return flags.contains("avx2");
    }
}
