package dev.lifelong.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** generate -> train -> serve -> curl, as the README runs them, with the embedded default store. */
class ServeCommandTest {

    @TempDir
    Path tmp;

    @Test
    void servesATrainedModelFromTheEmbeddedStore() throws Exception {
        Path data = TinyModels.dataset(tmp.resolve("syn"), 60, 300, 8);
        Path model = TinyModels.train(data, "eta", 50, tmp.resolve("eta.llm"));

        StringWriter out = new StringWriter();
        CommandLine cl = Lifelong.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        int[] code = {-1};
        Thread server = new Thread(() -> code[0] = cl.execute("serve", "--model", model.toString(), "--data",
                data.toString(), "--port", "0", "--warmup", "2", "--max-candidates", "2", "--warmup-traffic", "40"));
        server.start();
        Pattern serving = Pattern.compile("serving on http://127\\.0\\.0\\.1:(\\d+)");
        Matcher m = serving.matcher("");
        for (int i = 0; i < 600 && !(m = serving.matcher(out.toString())).find(); i++) {
            Thread.sleep(50);
        }
        assertThat(m.find(0)).as(out.toString()).isTrue();
        int port = Integer.parseInt(m.group(1));
        try {
            for (int i = 0; i < 600 && !out.toString().contains(System.lineSeparator() + "ready"); i++) {
                Thread.sleep(50);
            }
            // Its own requests are a user's of the dataset each, two candidates (--max-candidates) drawn from its
            // items, read from the store it has just loaded.
            assertThat(out.toString()).contains("(first start)", "model eta version",
                    "warming up with score requests to itself (40 rounds, 2 candidates each)",
                    "warm-up traffic: 40 requests, 40 answered, 40 with a history from the store");
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/v2/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(Files.isDirectory(data.resolve("store"))).isTrue();
            assertThat(data.resolve("store.loading")).as("the first load finished").doesNotExist();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/v1/models/eta/score"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"user_id\":\"u7\",\"candidates\":[\"i3\",\"i9\"]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("\"source\":\"store\"", "\"degraded\":false", "\"scores\":[");
            HttpResponse<String> tooMany = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/v1/models/eta/score"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"user_id\":\"u7\",\"candidates\":[\"i3\",\"i9\",\"i4\"]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(tooMany.statusCode()).as(tooMany.body()).isEqualTo(413);
            assertThat(tooMany.body()).contains("at most 2 per request");
        } finally {
            ServeCommand.stopSignal.countDown();
            server.join(30_000);
        }
        assertThat(code[0]).isZero();
    }

    @Test
    void aWarmUpTrafficThatIsNotAutoOrACountOrMoreCandidatesThanTheLimitIsRefusedBeforeAnythingLoads() {
        CliRun soon = CliRun.of("serve", "--model", tmp.resolve("none.llm").toString(), "--data",
                tmp.resolve("none").toString(), "--warmup-traffic", "soon");
        assertThat(soon.code()).isNotZero();
        assertThat(soon.err()).contains("--warmup-traffic must be auto or a number of rounds of 0 or more, not "
                + "'soon'");
        CliRun wide = CliRun.of("serve", "--model", tmp.resolve("none.llm").toString(), "--data",
                tmp.resolve("none").toString(), "--max-candidates", "50", "--warmup-candidates", "51");
        assertThat(wide.code()).isNotZero();
        assertThat(wide.err()).contains("--warmup-candidates must be between 1 and --max-candidates (50), not 51");
    }

    @Test
    void aLimitBelowOneCandidateIsRefusedBeforeAnythingLoads() {
        CliRun r = CliRun.of("serve", "--model", tmp.resolve("none.llm").toString(), "--data",
                tmp.resolve("none").toString(), "--max-candidates", "0");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("--max-candidates must be at least 1, not 0");
    }
}
