package dev.lifelong.cli;

import dev.lifelong.core.kernel.Kernels;
import dev.lifelong.models.eta.HammingScan;
import java.lang.management.ManagementFactory;
import java.util.stream.Collectors;

/**
 * The JVM a benchmark ran on, for its results' footer: the version, the kernels, and the heap and collector
 * options it was given. Latency tails depend on them (a heap that can still grow keeps faulting in fresh pages),
 * so a table without them cannot be compared with another.
 */
final class JvmSettings {

    private JvmSettings() {
    }

    /**
     * A line of advice when the heap could still grow or was not touched up front, for the commands whose tails
     * it costs (a growing heap commits fresh pages, and a fresh page faults on its first allocation); empty
     * otherwise.
     */
    static java.util.Optional<String> tailAdvice() {
        java.lang.management.MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        boolean touched = "true".equals(ManagementFactory.getPlatformMXBean(
                com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption("AlwaysPreTouch").getValue());
        return tailAdvice(heap.getInit(), heap.getMax(), touched);
    }

    /** As {@link #tailAdvice()}, for a heap of {@code init} bytes growing to {@code max} (-1: no limit). */
    static java.util.Optional<String> tailAdvice(long init, long max, boolean preTouched) {
        if (max > 0 && init == max && preTouched) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("note: for steady tail latency give the JVM a fixed, pre-touched heap, for "
                + "example LIFELONG_JAVA_OPTS=\"-Xms2g -Xmx2g -XX:+AlwaysPreTouch\" (README, Serving)");
    }

    /**
     * For example {@code Java 17.0.15, kernels vector-256, hamming scalar, options -Xms2g -Xmx2g
     * -XX:+AlwaysPreTouch}. The kernels are named because their width alone moved serving figures 2-4x on one
     * host (docs/BENCHMARKS.md, session 14); the Hamming pass because it sets half of {@code eta}'s cost on
     * histories that do not repeat themselves.
     */
    static String describe() {
        String options = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X"))
                .collect(Collectors.joining(" "));
        return "Java " + Runtime.version() + ", kernels " + Kernels.get().name() + ", hamming "
                + HammingScan.name() + ", "
                + (options.isEmpty() ? "default heap" : "options " + options);
    }
}
