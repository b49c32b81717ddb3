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
 * behaviours; only their speed differs. The vector pass ({@link VectorHammingScan}) pays where the CPU has a
 * vector population count the JDK's Vector API reaches: measured 1.5-2.4x faster than the scalar pass on Zen 4
 * with Temurin 25, and 2-3x slower where the count is formed from shifts (JDK 17's API has no
 * {@code BIT_COUNT}). So {@code auto} takes it only with the vector kernels, a Vector API that counts bits,
 * and a CPU that says it counts them in vectors ({@code avx512_vpopcntdq} and {@code avx512vl} among
 * {@code /proc/cpuinfo}'s flags); anywhere else, or when that cannot be read, the scalar pass. The system
 * property {@value #PROPERTY} ({@code auto}, {@code vector}, {@code scalar}) overrides the choice.
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

    /** Whether {@code /proc/cpuinfo} lists a vector population count of 64-bit lanes at 256 bits. */
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
        return flags.contains("avx512_vpopcntdq") && flags.contains("avx512vl");
    }
}
