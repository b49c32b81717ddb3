package dev.lifelong.serve.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifelong.data.vocab.Vocabulary;
import dev.lifelong.serve.warmup.JitWarmUp;
import dev.lifelong.serve.warmup.LoopbackWarmUp;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server's warm-up traffic to itself, and readiness held back while it runs. */
class LoopbackWarmUpTest {

    @TempDir
    static Path dir;
    static ServerFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new ServerFixture(dir, "eta", "sdim");
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    static List<String> raw(Vocabulary v) {
        return IntStream.range(1, v.size()).mapToObj(v::raw).toList();
    }

    private static LoopbackWarmUp warmUp(int port) {
        return new LoopbackWarmUp(port, List.of("eta", "sdim"), raw(f.data.users()), raw(f.data.items()), 5, 1);
    }

    /** The count of a model's requests in the {@code total} stage's histogram. */
    private static long requestsTimed(String model) throws Exception {
        Matcher m = Pattern.compile("lifelong_request_seconds_count\\{model=\"" + model + "\",stage=\"total\",?\\} "
                + "([0-9.]+)").matcher(f.get("/metrics").text());
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void readinessHeldBackAnswers503WithItsReasonWhileEverythingElseServes() throws Exception {
        f.server.holdReadiness("warming up: 300 rounds of score requests to itself sent");
        try {
            var held = f.get("/v2/health/ready");
            assertThat(held.status()).isEqualTo(503);
            assertThat(held.body().get("code").asText()).isEqualTo("NOT_READY");
            assertThat(held.body().get("error").asText()).isEqualTo("warming up: 300 rounds of score requests to "
                    + "itself sent");
            assertThat(f.get("/v2/health/live").status()).isEqualTo(200);
            var scored = f.post("/v1/models/eta/score", "{\"user_id\":\"" + f.data.users().raw(2)
                    + "\",\"candidates\":[\"" + f.data.items().raw(4) + "\"]}");
            assertThat(scored.status()).as(scored.text()).isEqualTo(200);
        } finally {
            f.server.releaseReadiness();
        }
        assertThat(f.get("/v2/health/ready").status()).isEqualTo(200);
    }

    @Test
    void aWarmUpSendsEachRoundToEveryModelAndTheServerAnswersThemFromTheStore() throws Exception {
        long etaBefore = requestsTimed("eta");
        long sdimBefore = requestsTimed("sdim");
        List<String> status = new ArrayList<>();
        StringWriter log = new StringWriter();
        LoopbackWarmUp.Outcome o = warmUp(f.server.port()).run(new JitWarmUp(150), status::add, () -> false,
                new PrintWriter(log));
        assertThat(o).isEqualTo(new LoopbackWarmUp.Outcome(150, 300, 300, 300, null));
        assertThat(requestsTimed("eta") - etaBefore).isEqualTo(150);
        assertThat(requestsTimed("sdim") - sdimBefore).isEqualTo(150);
        assertThat(status).containsExactly(
                "warming up: 0 rounds of score requests to itself sent (serve --warmup-traffic)",
                "warming up: 100 rounds of score requests to itself sent (serve --warmup-traffic)");
        assertThat(log.toString()).isEqualTo("warm-up traffic: 300 requests, 300 answered, 300 with a history "
                + "from the store" + System.lineSeparator());
    }

    @Test
    void eachRunOfAWarmUpReportsItsOwnRequests() {
        LoopbackWarmUp w = warmUp(f.server.port());
        PrintWriter quiet = new PrintWriter(new StringWriter());
        assertThat(w.run(new JitWarmUp(3), s -> { }, () -> false, quiet))
                .isEqualTo(new LoopbackWarmUp.Outcome(3, 6, 6, 6, null));
        assertThat(w.run(new JitWarmUp(2), s -> { }, () -> false, quiet))
                .isEqualTo(new LoopbackWarmUp.Outcome(2, 4, 4, 4, null));
    }

    @Test
    void aWarmUpWhoseUsersTheStoreDoesNotHoldSaysThatReadingWasNotWarmedUp() {
        StringWriter log = new StringWriter();
        LoopbackWarmUp.Outcome o = new LoopbackWarmUp(f.server.port(), List.of("eta"), List.of("nobody-1",
                "nobody-2"), raw(f.data.items()), 3, 1).run(new JitWarmUp(4), s -> { }, () -> false,
                new PrintWriter(log));
        assertThat(o).isEqualTo(new LoopbackWarmUp.Outcome(4, 4, 4, 0, null));
        assertThat(log.toString()).contains("warm-up traffic: 4 requests, 4 answered, 0 with a history from the "
                + "store", "note: none of the warm-up's users has a history in the store");
    }

    @Test
    void aWarmUpNobodyAnswersGivesUpAfterAFewRequestsAndSaysWhy() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        StringWriter log = new StringWriter();
        LoopbackWarmUp.Outcome o = warmUp(closed).run(new JitWarmUp(1_000), s -> { }, () -> false,
                new PrintWriter(log));
        assertThat(o.rounds()).isEqualTo(-1);
        assertThat(o.sent()).isEqualTo(20);
        assertThat(o.answered()).isZero();
        assertThat(log.toString()).startsWith("note: warm-up traffic stopped: none of its first 20 requests was "
                + "answered (/v1/models/eta/score: java.net.ConnectException").contains("serving without it");
    }

    @Test
    void aServerStoppingEndsItsWarmUpAtTheNextRound() {
        AtomicInteger asked = new AtomicInteger();
        StringWriter log = new StringWriter();
        LoopbackWarmUp.Outcome o = warmUp(f.server.port()).run(new JitWarmUp(1_000), s -> { },
                () -> asked.incrementAndGet() > 3, new PrintWriter(log));
        assertThat(o.rounds()).isEqualTo(-1);
        assertThat(o.sent()).isEqualTo(6);
        assertThat(o.answered()).isEqualTo(6);
        assertThat(log.toString()).isEmpty();
    }
}
