package dev.lifelong.serve.warmup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifelong.serve.http.ScoreRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Score requests a server sends itself over loopback before it reports ready, one to each model a round, for the
 * dataset's users and candidates drawn from its items. The model's own warm-up ({@code --warmup}) compiles the
 * scoring path; the code a request runs once (Jetty's and Javalin's handling, parsing, the store read and its
 * decoding, the answer's JSON, the metrics) reaches the JIT's last tier only after about 5,000 requests, and on
 * two cores the compilations until then take a core's share from users' requests. Measured from outside a new
 * server, {@code eta} at L = 10^4, B = 1,000: the first 1,000 requests after ready had a p99 of 19.5-23.8 ms
 * without this warm-up, 9.3-11.6 ms after it (docs/BENCHMARKS.md, session 20). The requests are real ones,
 * answered and counted in the metrics like any other (the ids of those that carry one start with
 * {@code warm-up-}); they only read the store, which also fills the fallback's recent behaviours of the users
 * read, as any read does.
 */
public final class LoopbackWarmUp {

    /** A warm-up that has sent this many requests without one answer is not warming anything: it stops. */
    static final int GIVE_UP_AFTER = 20;

    private static final int TIMEOUT_MS = 30_000;
    private static final ObjectMapper INDENTED = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private final int port;
    private final String[] paths;
    private final byte[][] bodies;

    /**
     * @param port       the server's port on 127.0.0.1
     * @param models     the model names to send requests to, each once a round
     * @param users      raw user ids to score for, taken in turn
     * @param items      raw item ids the candidates are drawn from
     * @param candidates candidates a request
     * @param seed       fixes the candidates drawn
     */
    public LoopbackWarmUp(int port, List<String> models, List<String> users, List<String> items, int candidates,
                          long seed) {
        if (models.isEmpty() || users.isEmpty() || items.isEmpty() || candidates < 1) {
            throw new IllegalArgumentException("a warm-up needs models, users, items and at least one candidate");
        }
        this.port = port;
        this.paths = models.stream().map(m -> "/v1/models/" + m + "/score").toArray(String[]::new);
        Random rnd = new Random(seed);
        int n = Math.min(users.size(), 256);
        this.bodies = new byte[2 * n][];
        for (int u = 0; u < n; u++) {
            String[] ids = new String[candidates];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = items.get(rnd.nextInt(items.size()));
            }
            String user = users.get(u * users.size() / n);
            bodies[2 * u] = ScoreRequest.body("warm-up-" + u, user, 0, ids);
            bodies[2 * u + 1] = indented(user, ids);
        }
    }

    /**
     * A body as many clients write one: indented, with no request id (the server makes one). The JIT compiles
     * for the paths it has seen, and a path first taken after the warm-up (whitespace between tokens, an id to
     * generate, a body read after its headers) costs recompilations then: against a client that does all three,
     * 150 compilations followed a warm-up of compact bodies with ids sent in one write, 75 one that sent these
     * too (docs/BENCHMARKS.md, session 20).
     */
    private static byte[] indented(String user, String[] ids) {
        ObjectNode o = INDENTED.createObjectNode();
        o.put("user_id", user);
        ArrayNode c = o.putArray("candidates");
        for (String id : ids) {
            c.add(id);
        }
        try {
            return INDENTED.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree did not write", e);
        }
    }

    /** What a warm-up sent and what came back; {@code rounds} is -1 when it ended early. */
    public record Outcome(int rounds, long sent, long answered, long fromStore, String firstFailure) {
    }

    /**
     * Sends rounds until {@code rule} ends the warm-up or {@code stopped} says the server is stopping, telling
     * {@code status} how far it got every 100 rounds (the reason readiness gives meanwhile); lines about its
     * progress and end go to {@code log}.
     */
    public Outcome run(JitWarmUp rule, Consumer<String> status, BooleanSupplier stopped, PrintWriter log) {
        Tally t = new Tally();
        int rounds;
        // The load generator's client: it sends a body after its headers when told to (JDK's HttpClient decides
        // that itself) and adds no threads. Measured against HttpClient, the two were not told apart.
        try (KeepAliveClient client = new KeepAliveClient("127.0.0.1", port, TIMEOUT_MS)) {
            rounds = rule.run(k -> {
                if (stopped.getAsBoolean()) {
                    throw new Ended();
                }
                round(client, k, t);
                if (k % 100 == 0) {
                    status.accept(String.format(Locale.ROOT, "warming up: %,d rounds of score requests to itself "
                            + "sent (serve --warmup-traffic)", k));
                }
            }, "warm-up traffic", log);
        } catch (Ended e) {
            if (t.answered == 0) {
                log.printf(Locale.ROOT, "note: warm-up traffic stopped: none of its first %d requests was answered "
                        + "(%s); serving without it%n", t.sent, t.firstFailure);
                log.flush();
            }
            return t.outcome(-1);
        }
        log.printf(Locale.ROOT, "warm-up traffic: %,d requests, %,d answered, %,d with a history from the store%s%n",
                t.sent, t.answered, t.fromStore, t.firstFailure == null ? "" : "; first failure: " + t.firstFailure);
        if (t.answered > 0 && t.fromStore == 0) {
            log.println("note: none of the warm-up's users has a history in the store, so reading and decoding one "
                    + "were not warmed up (is the store loaded from this dataset? lifelong ingest)");
        }
        log.flush();
        return t.outcome(rounds);
    }

    /** One run's counts, so that each run reports its own. */
    private static final class Tally {
        long sent;
        long answered;
        long fromStore;
        String firstFailure;

        Outcome outcome(int rounds) {
            return new Outcome(rounds, sent, answered, fromStore, firstFailure);
        }
    }

    private void round(KeepAliveClient client, int k, Tally t) {
        byte[] body = bodies[k % bodies.length];
        boolean indented = (k & 1) == 1;
        for (String path : paths) {
            t.sent++;
            try {
                KeepAliveClient.Response a = client.post(path, body, indented);
                if (a.status() == 200) {
                    t.answered++;
                    if (a.body().contains("\"source\":\"store\"")) {
                        t.fromStore++;
                    }
                } else if (t.firstFailure == null) {
                    t.firstFailure = path + ": HTTP " + a.status() + " " + a.body();
                }
            } catch (IOException e) {
                client.close();
                if (t.firstFailure == null) {
                    t.firstFailure = path + ": " + e;
                }
            }
            if (t.answered == 0 && t.sent >= GIVE_UP_AFTER) {
                throw new Ended();
            }
        }
    }

    /**
     * Ends a warm-up early (its requests all fail, or the server stops) from inside the rule's loop, which knows
     * nothing of either.
     */
    private static final class Ended extends RuntimeException {
        Ended() {
            super(null, null, false, false);
        }
    }
}
