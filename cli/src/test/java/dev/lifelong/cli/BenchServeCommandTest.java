package dev.lifelong.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench serve on two small models: a row per model, L and B, no errors, and the plot. */
class BenchServeCommandTest {

    @TempDir
    Path tmp;

    @Test
    void measuresEveryModelAtEveryLengthAndCandidateCount() throws Exception {
        Path data = TinyModels.dataset(tmp.resolve("syn"), 40, 200, 6);
        for (String m : List.of("eta", "twin")) {
            TinyModels.train(data, m, 100, tmp.resolve(m + ".llm"));
        }
        Path out = tmp.resolve("bench");
        CliRun bench = CliRun.of("bench", "serve", "--model", tmp.resolve("eta.llm").toString(), "--model",
                tmp.resolve("twin.llm").toString(), "--data", data.toString(), "--lengths", "20,150", "--candidates",
                "5,40", "--users", "3", "--warmup", "3", "--requests", "4", "--seconds", "1", "--clients", "2", "--out",
                out.toString());
        assertThat(bench.code()).as(bench.out() + bench.err()).isZero();
        String table = Files.readString(out.resolve("results.md"));
        // Rows: | `model` | L | behaviours scored | B | median | p99 | server score | its p99 | server total | req/s
        // | errors |
        Pattern row = Pattern.compile("(?m)^\\| `(eta|twin)` \\| ([\\d,]+) \\| ([\\d,]+) \\| ([\\d,]+) \\| [\\d.]+ \\| "
                + "[\\d.]+ \\| [\\d.]+ \\| [\\d.]+ \\| [\\d.]+ \\| ([\\d.]+) \\| (\\d+) \\|$");
        Matcher m = row.matcher(table);
        int rows = 0;
        while (m.find()) {
            rows++;
            int length = Integer.parseInt(m.group(2).replace(",", ""));
            assertThat(Integer.parseInt(m.group(3).replace(",", ""))).isEqualTo(Math.min(length, 100));
            assertThat(Double.parseDouble(m.group(5))).isPositive();
            assertThat(m.group(6)).as("errors").isEqualTo("0");
        }
        assertThat(rows).as(table).isEqualTo(2 * 2 * 2);
        assertThat(Files.size(out.resolve("latency-vs-length.png"))).isPositive();

        CliRun none = CliRun.of("bench", "serve", "--model", tmp.resolve("eta.llm").toString(), "--data",
                data.toString(), "--requests", "0", "--out", tmp.resolve("none").toString());
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).contains("--requests");

        // The dataset's own users' histories: its repetition, named in the table; too long a length is refused.
        Path real = tmp.resolve("bench-dataset");
        CliRun replay = CliRun.of("bench", "serve", "--model", tmp.resolve("eta.llm").toString(), "--data",
                data.toString(), "--histories", "dataset", "--lengths", "20", "--candidates", "5", "--users", "3",
                "--warmup", "3", "--requests", "4", "--seconds", "1", "--clients", "2", "--out", real.toString());
        assertThat(replay.code()).as(replay.out() + replay.err()).isZero();
        String replayed = Files.readString(real.resolve("results.md"));
        assertThat(replayed).containsPattern("(?m)^\\| `eta` \\| 20 \\| 20 \\| 5 \\| .* \\| 0 \\|$")
                .containsPattern("histories: dataset \\(distinct items: [\\d.]+% at L = 20\\)")
                .containsPattern("cores, Java [^,]+, (default heap|options -X[^,]*), \\d{4}-\\d{2}-\\d{2}\\.");
        CliRun tooLong = CliRun.of("bench", "serve", "--model", tmp.resolve("eta.llm").toString(), "--data",
                data.toString(), "--histories", "dataset", "--lengths", "100000", "--out", real.toString());
        assertThat(tooLong.code()).isEqualTo(1);
        assertThat(tooLong.err()).contains("users with 100000 or more behaviours");
        CliRun unknown = CliRun.of("bench", "serve", "--model", tmp.resolve("eta.llm").toString(), "--data",
                data.toString(), "--histories", "recent", "--out", real.toString());
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("--histories must be uniform or dataset");
    }

    /** The server's p99 comes from its histogram's bucket counts between two snapshots: this run's alone. */
    @Test
    void theServersPercentileIsTakenOverTheTimedPhaseOnly() {
        io.micrometer.core.instrument.Timer timer = new dev.lifelong.serve.metrics.ServeMetrics().stage("m", "score");
        for (int i = 0; i < 1_000; i++) {
            timer.record(java.time.Duration.ofMillis(400));    // warm-up, slow: must not count
        }
        var before = timer.takeSnapshot().histogramCounts();
        for (int i = 0; i < 198; i++) {
            timer.record(java.time.Duration.ofMillis(2));
        }
        timer.record(java.time.Duration.ofMillis(50));
        timer.record(java.time.Duration.ofMillis(50));
        var after = timer.takeSnapshot().histogramCounts();
        assertThat(BenchServeCommand.percentileBound(before, after, 0.5)).isBetween(2.0, 3.0);
        assertThat(BenchServeCommand.percentileBound(before, after, 0.99)).isBetween(2.0, 3.0);
        assertThat(BenchServeCommand.percentileBound(before, after, 1.0)).isBetween(50.0, 70.0);
    }
}
