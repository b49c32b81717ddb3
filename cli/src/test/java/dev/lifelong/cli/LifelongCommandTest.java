package dev.lifelong.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LifelongCommandTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void helpListsTheWorkingSubcommands() {
        CliRun r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: lifelong", "info");
    }

    @Test
    void noArgumentsPrintsUsage() {
        CliRun r = run();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: lifelong");
    }

    @Test
    void infoReportsTheVectorKernelsUnderTheTestJvm() {
        CliRun r = run("info");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("kernels   vector-", "cores", "java")
                .contains("this platform's vectors: " + dev.lifelong.core.kernel.Kernels.preferredVectorBits()
                        + " bits");
        assertThat(run("info", "--help").out()).contains("Usage: lifelong info");
    }

    @Test
    void unknownOptionsAreUsageErrors() {
        CliRun r = run("info", "--no-such-option");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--no-such-option'");
        assertThat(run("no-such-command").code()).isEqualTo(2);
    }

    @Test
    void versionNamesTheLibraryVersion() {
        CliRun r = run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("lifelong 0.");
    }
}
