package dev.lifelong.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifelong.train.run.RunConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main job, as a user runs it on a fresh checkout: {@code lifelong quickstart}. */
class QuickstartCommandTest {

    @Test
    void quickstartComparesTheModelsAndLeavesAReportAndArtifactsToServe(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("quickstart");
        CliRun r = CliRun.of("quickstart", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("generated 1,000 users", "oracle test AUC", "`twin` consistency: ",
                "report: " + out.resolve("report").resolve("report.md"), "din-full-long is left out for time",
                "--config " + out.resolve("report").resolve("config.yaml"));
        // The command it prints to add din-full-long trains it with the quickstart's own settings.
        RunConfig printed = RunConfig.load(out.resolve("report/config.yaml"));
        assertThat(printed.model().toString()).isEqualTo(QuickstartCommand.settings(0).model().toString());
        assertThat(printed.train()).isEqualTo(QuickstartCommand.settings(0).train());
        String report = Files.readString(out.resolve("report/report.md"));
        for (String model : QuickstartCommand.MODELS) {
            assertThat(report).contains("| `" + model + "` | 0.");
            assertThat(out.resolve("report/models/" + model + ".llm")).isRegularFile();
        }
        // Every model learns the synthetic world's signal: test AUC well above chance in the table's first column.
        int rows = 0;
        for (String line : report.split("\n")) {
            if (line.startsWith("| `") && line.split("\\|").length > 9) {
                assertThat(Double.parseDouble(line.split("\\|")[2].trim())).as(line).isGreaterThan(0.6);
                rows++;
            }
        }
        assertThat(rows).as("rows of the comparison table").isEqualTo(QuickstartCommand.MODELS.size());
        // and refuses to overwrite its folder unless told to
        CliRun again = CliRun.of("quickstart", "--out", out.toString());
        assertThat(again.code()).isNotZero();
        assertThat(again.err()).contains("--force");
    }

    /** docs/configs/quickstart.yaml, which RESULTS.md's commands use with compare, says what the quickstart runs. */
    @Test
    void theDocumentedQuickstartConfigIsTheQuickstartsOwn() throws Exception {
        Path yaml = Path.of("").toAbsolutePath();
        while (!java.nio.file.Files.exists(yaml.resolve("docs/configs/quickstart.yaml"))) {
            yaml = yaml.getParent();
            assertThat(yaml).as("the repository's docs/configs above " + Path.of("").toAbsolutePath()).isNotNull();
        }
        yaml = yaml.resolve("docs/configs/quickstart.yaml");
        RunConfig documented = RunConfig.load(yaml);
        RunConfig own = QuickstartCommand.settings(0);
        assertThat(documented.model().toString()).isEqualTo(own.model().toString());
        assertThat(documented.train()).isEqualTo(own.train());
    }
}
