package dev.lifelong.cli;

import java.lang.management.ManagementFactory;
import java.util.stream.Collectors;

/**
 * The JVM a benchmark ran on, for its results' footer: the version and the heap and collector options it was
 * given. Latency tails depend on them (a heap that can still grow keeps faulting in fresh pages), so a table
 * without them cannot be compared with another.
 */
final class JvmSettings {

    private JvmSettings() {
    }

    /** For example {@code Java 17.0.15, options -Xms2g -Xmx2g -XX:+AlwaysPreTouch}. */
    static String describe() {
        String options = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X"))
                .collect(Collectors.joining(" "));
        return "Java " + Runtime.version() + ", " + (options.isEmpty() ? "default heap" : "options " + options);
    }
}
