package dev.lifelong.serve.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifelong.core.parallel.ShardedBatchRunner;
import dev.lifelong.data.split.Split;
import dev.lifelong.models.artifact.ModelArtifact;
import dev.lifelong.serve.model.ServingModel;
import dev.lifelong.train.loop.Evaluator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API end to end: a real server, a real RocksDB store, trained models. */
class ScoreServerTest {

    @TempDir
    static Path dir;
    static ServerFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new ServerFixture(dir, "eta", "twin");
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @AfterEach
    void storeBackToNormal() {
        f.store.mode = FlakyStore.Mode.OK;
    }

    static String user(int u) {
        return f.data.users().raw(u);
    }

    static String item(int i) {
        return f.data.items().raw(i);
    }

    @Test
    void scoresComeBackAlignedWithTheCandidatesFromTheStoredHistory() throws Exception {
        var r = f.post("/v1/models/eta/score", "{\"request_id\":\"r-1\",\"user_id\":\"" + user(3)
                + "\",\"candidates\":[\"" + item(5) + "\",\"no-such-item\",\"" + item(9) + "\"]}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode b = r.body();
        assertThat(b.get("request_id").asText()).isEqualTo("r-1");
        assertThat(b.get("model").get("name").asText()).isEqualTo("eta");
        assertThat(b.get("model").get("version").asText()).hasSize(12);
        assertThat(b.get("scores")).hasSize(3);
        for (JsonNode s : b.get("scores")) {
            assertThat(s.asDouble()).isBetween(0.0, 1.0);
        }
        assertThat(b.get("sequence").get("source").asText()).isEqualTo("store");
        assertThat(b.get("sequence").get("length").asInt()).isEqualTo(Math.min(120,
                f.data.timelines().length(3)));
        assertThat(b.get("degraded").asBoolean()).isFalse();
        assertThat(b.get("unknown_items")).hasSize(1);
        assertThat(b.get("unknown_items").get(0).asText()).isEqualTo("no-such-item");
    }

    @Test
    void eachScoreSaysWhereTheServersTimeWentInServerTiming() throws Exception {
        var r = f.post("/v1/models/eta/score", "{\"user_id\":\"" + user(3) + "\",\"candidates\":[\"" + item(5)
                + "\"]}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        String timing = r.headers().get("server-timing");
        assertThat(timing).matches("read;dur=\\d+\\.\\d{3}, score;dur=\\d+\\.\\d{3}, total;dur=\\d+\\.\\d{3}");
        double[] ms = java.util.Arrays.stream(timing.split(", ")).mapToDouble(s -> Double.parseDouble(
                s.substring(s.indexOf('=') + 1))).toArray();
        assertThat(ms[0] + ms[1]).isLessThanOrEqualTo(ms[2] + 1e-9);
        assertThat(ms[2]).isGreaterThan(0.0);
    }

    /** A 1,000-candidate answer (about 11 KB) goes out whole with its length, not chunked. */
    @Test
    void aLargeAnswerGoesOutWithItsContentLength() throws Exception {
        StringBuilder body = new StringBuilder("{\"user_id\":\"" + user(3) + "\",\"candidates\":[");
        for (int i = 0; i < 1000; i++) {
            body.append(i == 0 ? "\"" : ",\"").append(item(1 + i % (f.data.items().size() - 1))).append('"');
        }
        var r = f.post("/v1/models/eta/score", body.append("]}").toString());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.body().get("scores")).hasSize(1000);
        assertThat(r.headers()).doesNotContainKey("transfer-encoding");
        assertThat(Integer.parseInt(r.headers().get("content-length")))
                .isEqualTo(r.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    /** Past the response buffer an answer goes out chunked, and whole. */
    @Test
    void anAnswerPastTheResponseBufferArrivesWhole() throws Exception {
        int n = 8000;
        StringBuilder body = new StringBuilder("{\"user_id\":\"" + user(3) + "\",\"candidates\":[");
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "\"" : ",\"").append(item(1 + i % (f.data.items().size() - 1))).append('"');
        }
        var r = f.post("/v1/models/eta/score", body.append("]}").toString());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.text().length()).isGreaterThan(ScoreServer.RESPONSE_BUFFER_BYTES);
        assertThat(r.headers().get("transfer-encoding")).isEqualToIgnoringCase("chunked");
        assertThat(r.body().get("scores")).hasSize(n);
    }

    /** A response buffer larger than the pool's largest is allocated anew for every request. */
    @Test
    void theResponseBufferComesFromJettysPool() {
        var pool = new org.eclipse.jetty.server.Server().getByteBufferPool();
        assertThat(pool).isInstanceOf(org.eclipse.jetty.io.ArrayByteBufferPool.class);
        assertThat(ScoreServer.RESPONSE_BUFFER_BYTES)
                .isLessThanOrEqualTo(((org.eclipse.jetty.io.ArrayByteBufferPool) pool).getMaxCapacity());
    }

    @Test
    void serverTimingWritesMillisecondsToTheMicrosecond() {
        assertThat(ScoreServer.serverTiming(1_234_567L, 5_000L, 12_000_999_999L))
                .isEqualTo("read;dur=1.234, score;dur=0.005, total;dur=12000.999");
        assertThat(ScoreServer.serverTiming(-1, 999, 100_000)).isEqualTo("read;dur=0.000, score;dur=0.000, "
                + "total;dur=0.100");
    }

    @Test
    void theServersScoreEqualsEvaluatesScore() throws Exception {
        Path artifact = f.slots.get("eta").artifact();
        var model = ModelArtifact.load(artifact).model();
        int[] ids = Evaluator.samplesOf(f.data, Split.TEST);
        float[] expected;
        try (ShardedBatchRunner runner = new ShardedBatchRunner(1)) {
            expected = new Evaluator(model, f.data, 64).predict(ids, runner, 64);
        }
        var s = f.data.samples();
        int checked = 0;
        for (int k = 0; k < ids.length; k += 11) {
            int i = ids[k];
            // The store holds each user's whole timeline, which for synthetic users is every sample's history.
            assertThat(s.historyEnd(i)).isEqualTo(f.data.timelines().end(s.user(i)));
            var r = f.post("/v1/models/eta/score", "{\"user_id\":\"" + user(s.user(i)) + "\",\"candidates\":[\""
                    + item(s.item(i)) + "\"],\"context\":{\"timestamp\":" + s.epochSeconds(i) + "}}");
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(r.body().get("scores").get(0).floatValue()).as("sample %d", i)
                    .isCloseTo(expected[k], Offset.offset(1e-5f));
            checked++;
        }
        assertThat(checked).isGreaterThan(10);
    }

    @Test
    void anAppendedEventIsSeenByTheNextScore() throws Exception {
        String u = "brand-new-user";
        var before = f.post("/v1/models/eta/score", "{\"user_id\":\"" + u + "\",\"candidates\":[\"" + item(4) + "\"]}");
        assertThat(before.body().get("sequence").get("length").asInt()).isZero();
        assertThat(before.body().get("sequence").get("source").asText()).isEqualTo("empty");
        long t = System.currentTimeMillis() / 1000 - 100;
        var ev = f.post("/v1/events", "{\"events\":[{\"user_id\":\"" + u + "\",\"item_id\":\"" + item(4)
                + "\",\"timestamp\":" + t + ",\"behaviour\":\"pv\"},{\"user_id\":\"" + u + "\",\"item_id\":" + "\""
                + item(7) + "\",\"timestamp\":" + (t + 5) + ",\"category\":\"c3\",\"value\":2.5}]}");
        assertThat(ev.status()).as(ev.text()).isEqualTo(200);
        assertThat(ev.body().get("accepted").asInt()).isEqualTo(2);
        var after = f.post("/v1/models/eta/score", "{\"user_id\":\"" + u + "\",\"candidates\":[\"" + item(4) + "\"],"
                + "\"explain\":true}");
        assertThat(after.body().get("sequence").get("length").asInt()).isEqualTo(2);
        assertThat(after.body().get("sequence").get("source").asText()).isEqualTo("store");
        JsonNode explained = after.body().get("explain").get(0).get("behaviours");
        assertThat(explained).isNotEmpty();
        List<String> ids = new ArrayList<>();
        explained.forEach(b -> ids.add(b.get("item_id").asText()));
        assertThat(ids).containsAnyOf(item(4), item(7));
        var late = f.post("/v1/events", "{\"events\":[{\"user_id\":\"" + u + "\",\"item_id\":\"" + item(4)
                + "\",\"timestamp\":" + (t - 1000) + "}]}");
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.body().get("code").asText()).isEqualTo("OUT_OF_ORDER_EVENT");
    }

    @Test
    void healthModelMetadataAndMetricsAnswer() throws Exception {
        assertThat(f.get("/v2/health/live").status()).isEqualTo(200);
        var ready = f.get("/v2/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body().get("models").has("eta")).isTrue();
        var meta = f.get("/v2/models/twin");
        assertThat(meta.status()).isEqualTo(200);
        assertThat(meta.body().get("provenance").get("model").asText()).isEqualTo("twin");
        assertThat(meta.body().get("provenance").get("dataFingerprint").asText()).isNotEmpty();
        f.post("/v1/models/twin/score", "{\"user_id\":\"" + user(1) + "\",\"candidates\":[\"" + item(1) + "\"]}");
        var m = f.get("/metrics");
        assertThat(m.status()).isEqualTo(200);
        assertThat(m.text()).contains("lifelong_request_seconds_bucket", "model=\"twin\"", "stage=\"read\"",
                "lifelong_cache_recent_users");
        // eta's signature and key/value tables and twin's projections, as the serving versions count them.
        var bytes = java.util.regex.Pattern.compile("(?m)^lifelong_cache_item_bytes (\\S+)$").matcher(m.text());
        assertThat(bytes.find()).isTrue();
        long expected = f.slots.all().values().stream().mapToLong(ServingModel::itemTableBytes).sum();
        int items = f.slots.get("eta").vocabulary().itemRows();
        assertThat(expected).isGreaterThan(8L * items);
        assertThat(Double.parseDouble(bytes.group(1))).isEqualTo((double) expected);
    }

    @Test
    void aFailingOrHangingStoreDegradesEveryResponseAndFailsNone() throws Exception {
        // Seen once, so the user's recent behaviours are kept for the fallback.
        f.post("/v1/models/eta/score", "{\"user_id\":\"" + user(2) + "\",\"candidates\":[\"" + item(1) + "\"]}");
        for (FlakyStore.Mode mode : new FlakyStore.Mode[] {FlakyStore.Mode.FAIL, FlakyStore.Mode.HANG}) {
            f.store.mode = mode;
            ExecutorService clients = Executors.newFixedThreadPool(6);
            List<Future<ServerFixture.Response>> all = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                int u = i % 2 == 0 ? 2 : 1 + (i % 40);
                all.add(clients.submit(() -> f.post("/v1/models/eta/score", "{\"user_id\":\"" + user(u)
                        + "\",\"candidates\":[\"" + item(3) + "\",\"" + item(8) + "\"],\"options\":{\"timeout_ms\":30}}")));
            }
            for (Future<ServerFixture.Response> r : all) {
                ServerFixture.Response x = r.get();
                assertThat(x.status()).as("%s: %s", mode, x.text()).isEqualTo(200);
                assertThat(x.body().get("degraded").asBoolean()).isTrue();
                assertThat(x.body().get("scores")).hasSize(2);
                assertThat(x.body().get("sequence").get("source").asText()).isIn("fallback_short", "empty");
            }
            clients.shutdown();
            var kept = f.post("/v1/models/eta/score", "{\"user_id\":\"" + user(2) + "\",\"candidates\":[\"" + item(1)
                    + "\"],\"options\":{\"timeout_ms\":30}}");
            assertThat(kept.body().get("sequence").get("source").asText()).isEqualTo("fallback_short");
            assertThat(kept.body().get("sequence").get("length").asInt()).isBetween(1, 10);
        }
        assertThat(f.get("/metrics").text()).contains("lifelong_degraded_total", "reason=\"store_timeout\"",
                "reason=\"store_error\"");
    }

    @Test
    void aNewVersionSwapsInUnderLoadAndACorruptOneIsRefused() throws Exception {
        Path next = f.train("eta", 7);
        Path corrupt = dir.resolve("corrupt.llm");
        byte[] bytes = Files.readAllBytes(next);
        bytes[bytes.length / 3] ^= 0x11;
        Files.write(corrupt, bytes);
        String before = f.slots.get("eta").version();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<int[]>> loops = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            int client = c;
            loops.add(clients.submit(() -> {
                int ok = 0;
                int failed = 0;
                String firstFailure = null;
                for (int i = 0; i < 2_000 && (!stop.get() || ok + failed < 5); i++) {
                    var r = f.post("/v1/models/eta/score", "{\"user_id\":\"" + user(1 + client) + "\",\"candidates\":[\""
                            + item(2) + "\",\"" + item(6) + "\"]}");
                    if (r.status() == 200 && r.body().get("scores").size() == 2) {
                        ok++;
                    } else {
                        failed++;
                        firstFailure = firstFailure == null ? r.status() + " " + r.text() : firstFailure;
                    }
                }
                if (failed > 0) {
                    throw new AssertionError(failed + " failed responses, first: " + firstFailure);
                }
                return new int[] {ok, failed};
            }));
        }
        var swapped = f.post("/v2/models/eta/reload", "{\"artifact\":\"" + next.toString().replace("\\", "\\\\") + "\"}");
        var refused = f.post("/v2/models/eta/reload", "{\"artifact\":\"" + corrupt.toString().replace("\\", "\\\\")
                + "\"}");
        Thread.sleep(200);
        stop.set(true);
        int ok = 0;
        for (Future<int[]> l : loops) {
            int[] r = l.get();
            assertThat(r[1]).as("failed responses").isZero();
            ok += r[0];
        }
        clients.shutdown();
        assertThat(ok).isGreaterThanOrEqualTo(20);
        assertThat(swapped.status()).as(swapped.text()).isEqualTo(200);
        assertThat(swapped.body().get("previous_version").asText()).isEqualTo(before);
        String after = swapped.body().get("version").asText();
        assertThat(after).isNotEqualTo(before);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("error").asText()).contains("corrupt.llm", "still serving eta " + after);
        assertThat(f.slots.get("eta").version()).isEqualTo(after);
        var wrongModel = f.post("/v2/models/eta/reload", "{\"artifact\":\"" + f.slots.get("twin").artifact().toString()
                .replace("\\", "\\\\") + "\"}");
        assertThat(wrongModel.status()).isEqualTo(400);
        assertThat(wrongModel.body().get("error").asText()).contains("holds model twin, not eta");
        assertThat(f.slots.get("eta").version()).isEqualTo(after);
        var r = f.post("/v1/models/eta/score", "{\"user_id\":\"" + user(1) + "\",\"candidates\":[\"" + item(2) + "\"]}");
        assertThat(r.body().get("model").get("version").asText()).isEqualTo(after);
    }
}
