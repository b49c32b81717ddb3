package dev.lifelong.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        // Rows: | `model` | L | behaviours scored | B | median | p99 | server median | p99 | scoring median | p99
        // | req/s | errors |
        Pattern row = Pattern.compile("(?m)^\\| `(eta|twin)` \\| ([\\d,]+) \\| ([\\d,]+) \\| ([\\d,]+) \\| ([\\d.]+) \\| "
                + "([\\d.]+) \\| ([\\d.]+) \\| ([\\d.]+) \\| ([\\d.]+) \\| ([\\d.]+) \\| ([\\d.]+) \\| (\\d+) \\|$");
        Matcher m = row.matcher(table);
        int rows = 0;
        while (m.find()) {
            rows++;
            int length = Integer.parseInt(m.group(2).replace(",", ""));
            assertThat(Integer.parseInt(m.group(3).replace(",", ""))).isEqualTo(Math.min(length, 100));
            double median = Double.parseDouble(m.group(5));
            double serverMedian = Double.parseDouble(m.group(7));
            double scoringMedian = Double.parseDouble(m.group(9));
            // The server's share of a request, and scoring's share of the server's, as each response told it.
            assertThat(serverMedian).isPositive().isLessThanOrEqualTo(median);
            assertThat(scoringMedian).isPositive().isLessThanOrEqualTo(serverMedian);
            assertThat(Double.parseDouble(m.group(11))).isPositive();
            assertThat(m.group(12)).as("errors").isEqualTo("0");
        }
        assertThat(rows).as(table).isEqualTo(2 * 2 * 2);
        // What the JVM did during each L and B's timed requests: one row each, in the order they ran.
        Matcher jvm = Pattern.compile("(?m)^\\| ([\\d,]+) \\| ([\\d,]+) \\| ([\\d,]+) \\| ([\\d.]+) \\| "
                + "(\\d+ \\([\\d.]+%\\)|not counted) \\| (\\d+) \\| (\\d+) \\|$").matcher(table);
        List<String> phases = new ArrayList<>();
        while (jvm.find()) {
            phases.add(jvm.group(1) + "/" + jvm.group(2));
            assertThat(jvm.group(3)).isEqualTo("3");
            assertThat(Double.parseDouble(jvm.group(4))).isPositive();
        }
        assertThat(phases).as(table).containsExactly("20/5", "20/40", "150/5", "150/40");
        assertThat(bench.out()).containsPattern("L=150 B=40: timed requests took [\\d.]+ s; meanwhile the JIT "
                + "compiled for .*, \\d+ collections took \\d+ ms");
        assertThat(Files.size(out.resolve("latency-vs-length.png"))).isPositive();
        // Every timed request, with the server's stages adding up within its own total.
        List<String> timed = Files.readAllLines(out.resolve("requests.csv"));
        assertThat(timed.get(0)).isEqualTo("model,length,candidates,request,user,client_ms,read_ms,score_ms,total_ms");
        assertThat(timed).hasSize(1 + 2 * 2 * 2 * 4);
        for (String line : timed.subList(1, timed.size())) {
            String[] f = line.split(",");
            assertThat(f[0]).isIn("eta", "twin");
            assertThat(f[4]).isIn("b0", "b1", "b2");
            double client = Double.parseDouble(f[5]);
            double read = Double.parseDouble(f[6]);
            double score = Double.parseDouble(f[7]);
            double total = Double.parseDouble(f[8]);
            assertThat(read + score).as(line).isLessThanOrEqualTo(total + 0.002);
            assertThat(total).as(line).isLessThanOrEqualTo(client);
        }

        CliRun none = CliRun.of("bench", "serve", "--model", tmp.resolve("eta.llm").toString(), "--data",
                data.toString(), "--requests", "0", "--out", tmp.resolve("none").toString());
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).contains("--requests");

        CliRun badWarmup = CliRun.of("bench", "serve", "--model", tmp.resolve("eta.llm").toString(), "--data",
                data.toString(), "--warmup", "soon", "--out", tmp.resolve("none").toString());
        assertThat(badWarmup.code()).isEqualTo(1);
        assertThat(badWarmup.err()).contains("--warmup must be auto or a number of rounds of 0 or more, not 'soon'");

        // The dataset's own users' histories: its repetition, named in the table; too long a length is refused.
        // The default warm-up runs until the JIT is idle, and says how long that took.
        Path real = tmp.resolve("bench-dataset");
        CliRun replay = CliRun.of("bench", "serve", "--model", tmp.resolve("eta.llm").toString(), "--data",
                data.toString(), "--histories", "dataset", "--lengths", "20", "--candidates", "5", "--users", "3",
                "--requests", "4", "--seconds", "1", "--clients", "2", "--out", real.toString());
        assertThat(replay.code()).as(replay.out() + replay.err()).isZero();
        assertThat(replay.out()).containsPattern("L=20 B=5: warmed up in [\\d,]+ rounds \\(\\d+ s\\), until the JIT "
                + "was idle|note: L=20 B=5: the JIT was still compiling after [\\d,]+ warm-up rounds");
        String replayed = Files.readString(real.resolve("results.md"));
        assertThat(replayed).contains("untimed rounds (a request to each model) until the JIT was idle");
        assertThat(replayed).containsPattern("(?m)^\\| `eta` \\| 20 \\| 20 \\| 5 \\| .* \\| 0 \\|$")
                .containsPattern("histories: dataset \\(distinct items: [\\d.]+% at L = 20\\)")
                .containsPattern("cores, Java [^,]+, kernels [a-z0-9-]+, hamming [a-z-]+, "
                        + "(default heap|options -X[^,]*), "
                        + "\\d{4}-\\d{2}-\\d{2}\\.");
        CliRun tooLong = CliRun.of("bench", "serve", "--model", tmp.resolve("eta.llm").toString(), "--data",
                data.toString(), "--histories", "dataset", "--lengths", "100000", "--out", real.toString());
        assertThat(tooLong.code()).isEqualTo(1);
        assertThat(tooLong.err()).contains("users with 100000 or more behaviours");
        CliRun unknown = CliRun.of("bench", "serve", "--model", tmp.resolve("eta.llm").toString(), "--data",
                data.toString(), "--histories", "recent", "--out", real.toString());
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("--histories must be uniform or dataset");
        CliRun clock = CliRun.of("bench", "serve", "--model", tmp.resolve("eta.llm").toString(), "--data",
                data.toString(), "--request-time", "yesterday", "--out", real.toString());
        assertThat(clock.code()).isEqualTo(1);
        assertThat(clock.err()).contains("--request-time must be after-newest or now");
        assertThat(replayed).contains("requests scored at a minute after the user's newest behaviour");
    }

    /** Requests carry the time they are scored at, which the server reads as the request's clock. */
    @Test
    void aRequestBodyCarriesItsTimestampUnlessScoredAtTheServersClock() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var limits = dev.lifelong.serve.http.Limits.DEFAULT;
        var at = dev.lifelong.serve.http.ScoreRequest.parse(json.readTree(dev.lifelong.serve.http.ScoreRequest.body("b2", 1_700_000_060L,
                new String[] {"i1", "i7"})), limits);
        assertThat(at.userId()).isEqualTo("b2");
        assertThat(at.timestamp()).isEqualTo(1_700_000_060L);
        assertThat(at.candidates()).containsExactly("i1", "i7");
        var now = dev.lifelong.serve.http.ScoreRequest.parse(json.readTree(dev.lifelong.serve.http.ScoreRequest.body("b0", 0,
                new String[] {"i3", "say \"hi\"\\"})), limits);
        assertThat(now.timestamp()).isZero();
        assertThat(now.candidates()).containsExactly("i3", "say \"hi\"\\");
    }

    /** The p99 of 300 requests is the 297th fastest: three slower ones may lie above it, not four. */
    @Test
    void quantilesAreTakenOverTheRequestsThatAnswered() {
        double[] ms = new double[300];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = i < 296 ? 5 : 40 + i;
        }
        assertThat(BenchServeCommand.quantile(ms, 0.99)).isEqualTo(40 + 296);
        assertThat(BenchServeCommand.quantile(ms, 0.5)).isEqualTo(5);
        ms[299] = Double.NaN;
        assertThat(BenchServeCommand.quantile(ms, 1.0)).isEqualTo(40 + 298);
        assertThat(BenchServeCommand.quantile(new double[] {Double.NaN}, 0.5)).isNaN();
    }
}
