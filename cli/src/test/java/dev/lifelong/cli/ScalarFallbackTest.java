package dev.lifelong.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The kernels a command starts on: scalar without the Vector API module, and a bad choice said in one line. */
class ScalarFallbackTest {

    @Test
    void withoutTheIncubatorModuleTheCommandRunsOnScalarKernels() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.lifelong.cli.Lifelong", "info")
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("kernels   scalar (Vector API not available");
    }

    @Test
    void aBadKernelChoiceIsOneLineNamingTheProperty() throws IOException, InterruptedException {
        assertThat(run("-Dlifelong.vector.bits=1024"))
                .isEqualTo("lifelong: -Dlifelong.vector.bits=1024 is not one of: auto, preferred, 128, 256, 512");
        assertThat(run("-Dlifelong.kernels=gpu"))
                .isEqualTo("lifelong: -Dlifelong.kernels=gpu is not one of: auto, vector, scalar");
    }

    /** Runs {@code lifelong info} with the Vector API and the given option; returns its output, exit code 1. */
    private static String run(String option) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", option,
                "-cp", System.getProperty("java.class.path"), "dev.lifelong.cli.Lifelong", "info")
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isEqualTo(1);
        return out.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).reduce("", String::concat);
    }
}
