package dev.lifelong.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The kernels a command starts on: scalar without the Vector API module, and a bad choice said in one line. */
class ScalarFallbackTest {

    @Test
    void withoutTheIncubatorModuleTheCommandRunsOnScalarKernels() throws IOException, InterruptedException {
        Run run = info();
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("kernels   scalar (Vector API not available");
    }

    @Test
    void aBadKernelChoiceIsOneLineNamingTheProperty() throws IOException, InterruptedException {
        Run width = info("--add-modules", "jdk.incubator.vector", "-Dlifelong.vector.bits=1024");
        assertThat(width.exit()).as(width.output()).isEqualTo(1);
        assertThat(width.lines()).containsExactly(
                "lifelong: -Dlifelong.vector.bits=1024 is not one of: auto, preferred, 128, 256, 512");
        Run kernels = info("--add-modules", "jdk.incubator.vector", "-Dlifelong.kernels=gpu");
        assertThat(kernels.exit()).as(kernels.output()).isEqualTo(1);
        assertThat(kernels.lines()).containsExactly(
                "lifelong: -Dlifelong.kernels=gpu is not one of: auto, vector, scalar");
    }

    private record Run(int exit, String output) {
        /** The output without the JDK's one line about incubator modules. */
        List<String> lines() {
            return output.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList();
        }
    }

    /** {@code lifelong info} in a JVM of its own, started with {@code jvmOptions}. */
    private static Run info(String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.lifelong.cli.Lifelong", "info"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.exitValue(), out);
    }
}
