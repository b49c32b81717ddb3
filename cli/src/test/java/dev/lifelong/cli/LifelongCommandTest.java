package dev.lifelong.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LifelongCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = Lifelong.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsTheWorkingSubcommands() {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: lifelong", "info");
    }

    @Test
    void noArgumentsPrintsUsage() {
        Run r = run();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: lifelong");
    }

    @Test
    void infoReportsTheVectorKernelsUnderTheTestJvm() {
        Run r = run("info");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("kernels   vector-", "cores", "java");
        assertThat(run("info", "--help").out()).contains("Usage: lifelong info");
    }

    @Test
    void unknownOptionsAreUsageErrors() {
        Run r = run("info", "--no-such-option");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--no-such-option'");
        assertThat(run("no-such-command").code()).isEqualTo(2);
    }

    @Test
    void versionNamesTheLibraryVersion() {
        Run r = run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("lifelong 0.");
    }
}
