package dev.lifelong.serve.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.progress.ProgressListener;
import dev.lifelong.data.split.SplitSpec;
import dev.lifelong.data.synth.SyntheticConfig;
import dev.lifelong.data.synth.SyntheticGenerator;
import dev.lifelong.models.frame.ModelConfig;
import dev.lifelong.serve.history.HistoryReader;
import dev.lifelong.serve.history.RecentBehaviours;
import dev.lifelong.serve.metrics.ServeMetrics;
import dev.lifelong.serve.model.ModelSlots;
import dev.lifelong.serve.model.ServingVocabulary;
import dev.lifelong.store.BehaviourStore;
import dev.lifelong.store.BulkLoader;
import dev.lifelong.store.LoadMode;
import dev.lifelong.store.ingest.StoreIngest;
import dev.lifelong.store.open.StoreSpec;
import dev.lifelong.store.redis.RedisConfig;
import dev.lifelong.train.loop.TrainConfig;
import dev.lifelong.train.run.RunConfig;
import dev.lifelong.train.run.TrainRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real server on a free loopback port: a small synthetic dataset, its timelines ingested into an embedded
 * RocksDB store behind a switchable {@link FlakyStore}, and trained artifacts of a few models.
 */
final class ServerFixture implements AutoCloseable {

    static final RunConfig SMALL = new RunConfig(new ModelConfig(8, 120, 10, 2, new int[] {16}, 32, 12, 1),
            new TrainConfig(1, 64, 16, 1, 0.05f, 0.003f, 0f, 10f, 2, 42));
    static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final Dataset data;
    final FlakyStore store;
    final ModelSlots slots;
    final ScoreServer server;
    final ServeMetrics metrics = new ServeMetrics();
    final HttpClient http = HttpClient.newHttpClient();
    private final ExecutorService scoring = Executors.newFixedThreadPool(2);
    private final ExecutorService io = Executors.newFixedThreadPool(8);
    private final BehaviourStore rocks;

    ServerFixture(Path dir, String... models) throws Exception {
        this.dir = dir;
        new SyntheticGenerator(SyntheticConfig.DEFAULT.withSize(60, 300, 12, 60, 300)).generate(dir.resolve("data"),
                SplitSpec.TimeCut.fractions(0.1, 0.2), null, ProgressListener.NONE);
        data = Dataset.open(dir.resolve("data"));
        rocks = StoreSpec.parse("rocksdb:" + dir.resolve("store")).open(RedisConfig.DEFAULTS);
        try (BulkLoader l = rocks.bulkLoader(LoadMode.REPLACE)) {
            StoreIngest.fromDataset(data, l, ProgressListener.NONE);
        }
        store = new FlakyStore(rocks);
        slots = new ModelSlots(ServingVocabulary.of(data), scoring, 2, 2);
        for (String m : models) {
            slots.load(train(m, 42));
        }
        HistoryReader reader = new HistoryReader(store, io, new RecentBehaviours(1000, 10));
        // A generous default budget: a cold first read (class loading, a loaded CI machine) must not degrade the
        // tests that expect the store; the degradation tests ask for 30 ms themselves.
        server = new ScoreServer(slots, reader, metrics, Limits.DEFAULT.withDefaultTimeoutMs(10_000), scoring, 2)
                .start("127.0.0.1", 0);
    }

    /** Trains {@code name} with {@code seed} and saves it under a name of its own. */
    Path train(String name, long seed) throws Exception {
        RunConfig c = new RunConfig(SMALL.model().withSeed(seed), SMALL.train());
        TrainRun.Outcome o = TrainRun.run(name, data, c, ProgressListener.NONE);
        Path artifact = dir.resolve(name + "-" + seed + ".llm");
        TrainRun.save(artifact, o, data, c);
        return artifact;
    }

    /** A response; {@code headers} by lower-cased name (the first value of each). */
    record Response(int status, JsonNode body, String text, java.util.Map<String, String> headers) {
    }

    Response send(String method, String path, String body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        HttpRequest.BodyPublisher p = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        b.method(method, p);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = JSON.readTree(r.body());
        } catch (Exception notJson) {
            // metrics are text
        }
        java.util.Map<String, String> headers = new java.util.HashMap<>();
        r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
        return new Response(r.statusCode(), json, r.body(), headers);
    }

    /**
     * As {@link #send}, but asking first: the headers go with {@code Expect: 100-continue}, as a client should send
     * a large body, and the body only if the server asks for it. A server that refuses the body from its headers
     * (413) may close the connection rather than read it, and a client still writing then loses the refusal in
     * the reset. JDK 17's HttpClient waits forever when the answer to Expect is a final status, so this speaks
     * HTTP/1.1 itself.
     */
    Response sendAskingFirst(String method, String path, String body, String contentType) throws Exception {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            java.io.OutputStream out = socket.getOutputStream();
            java.io.InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType
                    + "\r\nContent-Length: " + bytes.length + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            java.util.Map<String, String> headers = new java.util.HashMap<>();
            int status = readHead(in, headers);
            if (status == 100) {
                out.write(bytes);
                out.flush();
                headers.clear();
                status = readHead(in, headers);
            }
            byte[] rest = in.readAllBytes();
            String text = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? unchunk(rest)
                    : new String(rest, java.nio.charset.StandardCharsets.UTF_8);
            JsonNode json = null;
            try {
                json = JSON.readTree(text);
            } catch (Exception notJson) {
                // left null: the caller's assertion says so
            }
            return new Response(status, json, text, headers);
        }
    }

    /** The status line and headers (names lower-cased) of one response. */
    private static int readHead(java.io.InputStream in, java.util.Map<String, String> headers) throws Exception {
        String statusLine = readLine(in);
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                    line.substring(colon + 1).trim());
        }
        return Integer.parseInt(statusLine.split(" ")[1]);
    }

    private static String readLine(java.io.InputStream in) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new java.io.EOFException("connection closed inside a response head: " + b);
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    private static String unchunk(byte[] raw) {
        String s = new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int eol = s.indexOf("\r\n", at);
            int size = Integer.parseInt(s.substring(at, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(raw, eol + 2, size);
            at = eol + 2 + size + 2;
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    Response post(String path, String body) throws Exception {
        return send("POST", path, body, "application/json");
    }

    Response get(String path) throws Exception {
        return send("GET", path, null, null);
    }

    @Override
    public void close() {
        server.close();
        scoring.shutdownNow();
        io.shutdownNow();
        rocks.close();
    }
}
