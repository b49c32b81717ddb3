package dev.lifelong.cli;

import dev.lifelong.core.LibraryVersion;
import dev.lifelong.core.kernel.FloatKernels;
import dev.lifelong.core.kernel.Kernels;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** What this installation will compute with: JDK, cores, memory and the kernels in use. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Shows the JDK, cores, memory and the numerical kernels lifelong will use.",
            "The Vector API kernels need --add-modules jdk.incubator.vector (the ./lifelong launcher adds it);",
            "without it lifelong falls back to the scalar kernels. -Dlifelong.kernels=scalar|vector|auto",
            "in LIFELONG_JAVA_OPTS forces a choice, and -Dlifelong.vector.bits=auto|preferred|128|256|512 the",
            "vector width (auto: the platform's, at most 256 bits)."})
final class InfoCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        FloatKernels k = Kernels.get();
        Runtime rt = Runtime.getRuntime();
        out.printf(Locale.ROOT, "lifelong  %s%n", LibraryVersion.get());
        out.printf(Locale.ROOT, "java      %s (%s), %s%n", Runtime.version(), System.getProperty("java.vendor"),
                System.getProperty("java.home"));
        out.printf(Locale.ROOT, "cores     %d (default worker threads: %d)%n", rt.availableProcessors(),
                rt.availableProcessors());
        out.printf(Locale.ROOT, "memory    max heap %.1f GiB%n", rt.maxMemory() / (1024.0 * 1024 * 1024));
        out.printf(Locale.ROOT, "kernels   %s%s%n", k.name(), Kernels.vectorAvailable()
                ? " (Vector API available; this platform's vectors: " + Kernels.preferredVectorBits() + " bits)"
                : " (Vector API not available: start the JVM with --add-modules jdk.incubator.vector)");
        out.flush();
    }
}
