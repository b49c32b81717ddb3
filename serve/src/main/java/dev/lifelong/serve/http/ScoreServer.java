package dev.lifelong.serve.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifelong.data.batch.History;
import dev.lifelong.models.frame.CtrModel;
import dev.lifelong.serve.history.HistoryReader;
import dev.lifelong.serve.history.SequenceSource;
import dev.lifelong.serve.metrics.ServeMetrics;
import dev.lifelong.serve.model.ModelSlots;
import dev.lifelong.serve.model.ServingModel;
import dev.lifelong.serve.model.ServingVocabulary;
import dev.lifelong.store.Behaviours;
import dev.lifelong.store.OutOfOrderAppendException;
import dev.lifelong.store.ReadOnlyStoreException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API (README, "HTTP API"): scoring, online events, health, model metadata and reload, metrics. Every
 * failure becomes {@code {"error", "code"}} with the status of its {@link ErrorCode}, mapped here and nowhere
 * else; a request can be refused but never takes the server down.
 */
public final class ScoreServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScoreServer.class);
    private static final String JSON = "application/json";
    private static final String ERROR_WRITTEN = "lifelong.error";
    /**
     * A response up to this size goes out whole, with its Content-Length (about 5,800 candidates' scores); a
     * larger one goes out chunked. Jetty's buffer pool keeps buffers up to 64 KB: a larger output buffer is
     * allocated, as direct memory, for every request. At 128 KB that cost every request here, a health check
     * included, up to 0.5 ms at the median and 2 ms at p99 (docs/BENCHMARKS.md, session 15).
     */
    static final int RESPONSE_BUFFER_BYTES = 1 << 16;

    private final ModelSlots models;
    private final HistoryReader histories;
    private final ServeMetrics metrics;
    private final Limits limits;
    private final Executor pool;
    private final int workers;
    /** Floats written by the shortest-digits algorithm, several times cheaper than Float.toString on JDK 17. */
    private final ObjectMapper json = JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
    private final Javalin app;
    /** Why {@code /v2/health/ready} answers 503 although models are loaded (a warm-up is running), or null. */
    private volatile String heldBack;

    public ScoreServer(ModelSlots models, HistoryReader histories, ServeMetrics metrics, Limits limits,
                       Executor pool, int workers) {
        this.models = models;
        this.histories = histories;
        this.metrics = metrics;
        this.limits = limits;
        this.pool = pool;
        this.workers = workers;
        metrics.gauge("lifelong.cache.recent.users", "users whose recent behaviours are kept for fallback",
                () -> histories.recent().size());
        metrics.gauge("lifelong.models.loaded", "model slots serving", () -> models.all().size());
        metrics.gauge("lifelong.cache.item.bytes", "item-side tables of the serving versions (signatures, "
                + "projections), bytes", () -> models.all().values().stream().mapToLong(ServingModel::itemTableBytes)
                .sum());
        this.app = Javalin.create(config -> {
            config.http.maxRequestSize = limits.maxBodyBytes();
            // A response that fits the buffer goes out whole, with its Content-Length; past Jetty's default
            // aggregation (a 1,000-candidate answer is about 11 KB) it went out chunked, in more writes and reads.
            config.jetty.modifyHttpConfiguration(h -> {
                h.setOutputBufferSize(RESPONSE_BUFFER_BYTES);
                h.setOutputAggregationSize(RESPONSE_BUFFER_BYTES);
            });
            config.startup.showJavalinBanner = false;
            config.routes.post("/v1/models/{name}/score", this::score);
            config.routes.post("/v1/events", this::events);
            config.routes.get("/v2/health/live", ctx -> ctx.contentType(JSON).result("{\"status\":\"live\"}"));
            config.routes.get("/v2/health/ready", this::ready);
            config.routes.get("/v2/models/{name}", this::model);
            config.routes.post("/v2/models/{name}/reload", this::reload);
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape()));
            config.routes.exception(ApiException.class, (e, ctx) -> fail(ctx, e.code(), e.getMessage()));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> fail(ctx, fromStatus(e.getStatus()),
                    e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
                fail(ctx, ErrorCode.INTERNAL, "internal error: " + e.getClass().getSimpleName());
            });
            // Javalin's own 404 and 405 (no route) get the API's error body; ours already have it.
            config.routes.error(404, "*", ctx -> {
                if (ctx.attribute(ERROR_WRITTEN) == null) {
                    fail(ctx, ErrorCode.NOT_FOUND, "no endpoint " + ctx.method() + " " + ctx.path());
                }
            });
            config.routes.error(405, "*", ctx -> {
                if (ctx.attribute(ERROR_WRITTEN) == null) {
                    fail(ctx, ErrorCode.METHOD_NOT_ALLOWED, ctx.method() + " is not allowed on " + ctx.path());
                }
            });
            config.http.prefer405over404 = true;
        });
    }

    /** Starts listening; port 0 picks a free one. */
    public ScoreServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    /**
     * Keeps {@code /v2/health/ready} at 503 with {@code why} as its reason, models loaded or not, until
     * {@link #releaseReadiness}: the server answers every other call meanwhile (its own warm-up traffic among
     * them), but a load balancer that asks sends it no users yet. Called again, it updates the reason.
     */
    public void holdReadiness(String why) {
        heldBack = why;
    }

    public void releaseReadiness() {
        heldBack = null;
    }

    @Override
    public void close() {
        app.stop();
    }

    private static ErrorCode fromStatus(int status) {
        return switch (status) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> ErrorCode.NOT_READY;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.MALFORMED_JSON;
        };
    }

    private void fail(Context ctx, ErrorCode code, String message) {
        metrics.refused(code.name());
        ObjectNode body = json.createObjectNode();
        body.put("error", message == null ? code.name() : message);
        body.put("code", code.name());
        ctx.attribute(ERROR_WRITTEN, code);
        ctx.status(code.status()).contentType(JSON).result(body.toString());
    }

    private JsonNode body(Context ctx) {
        String type = ctx.contentType();
        if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith(JSON)) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be " + JSON + ", got " + type);
        }
        long declared = ctx.contentLength();
        if (declared > limits.maxBodyBytes()) {
            throw new ApiException(ErrorCode.TOO_LARGE, "body of " + declared + " bytes, at most "
                    + limits.maxBodyBytes());
        }
        String text = ctx.body();
        if (text.isBlank()) {
            throw new ApiException(ErrorCode.MALFORMED_JSON, "the request body is empty");
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            // Jackson names where an unclosed value began as a source location: the reason before it is enough.
            String why = e.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source:[^\\]]*\\]\\)", "")
                    .replaceAll("\\s+", " ").trim();
            var loc = e.getLocation();
            throw new ApiException(ErrorCode.MALFORMED_JSON, "not valid JSON" + (loc == null ? "" : " at line "
                    + loc.getLineNr() + ", column " + loc.getColumnNr()) + ": " + why);
        }
    }

    private ServingModel modelOf(Context ctx) {
        if (models.isEmpty()) {
            throw new ApiException(ErrorCode.NOT_READY, "no model is loaded yet");
        }
        String name = ctx.pathParam("name");
        ServingModel m = models.get(name);
        if (m == null) {
            throw new ApiException(ErrorCode.UNKNOWN_MODEL, "no model named '" + truncate(name) + "' (serving: "
                    + String.join(", ", models.all().keySet()) + ")");
        }
        return m;
    }

    private static String truncate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    private void score(Context ctx) {
        long t0 = System.nanoTime();
        ServingModel m = modelOf(ctx);
        ScoreRequest r = ScoreRequest.parse(body(ctx), limits);
        int maxLen = maxLen(r, m);
        ServingVocabulary v = m.vocabulary();
        HistoryReader.Pending reading = histories.begin(r.userId(), maxLen, r.timeoutMs(), v);
        Candidates c = candidates(r, v);     // while the store read runs
        HistoryReader.Outcome read = reading.outcome();
        try {
            respond(ctx, t0, m, r, read, c);
        } finally {
            histories.release(read);
        }
    }

    /** The history length a request asks of a model: its {@code max_seq_len}, at most the model's long length. */
    private static int maxLen(ScoreRequest r, ServingModel m) {
        return r.maxSeqLen() == 0 ? m.longLen() : Math.min(r.maxSeqLen(), m.longLen());
    }

    /** A request's candidates as the model's item ids, their usual categories, and the raw ids it does not know. */
    private record Candidates(int[] items, int[] categories, ArrayNode unknown) {
    }

    private Candidates candidates(ScoreRequest r, ServingVocabulary v) {
        int[] items = new int[r.candidates().length];
        int[] cats = new int[items.length];
        ArrayNode unknown = json.createArrayNode();
        v.items(r.candidates(), items);
        for (int i = 0; i < items.length; i++) {
            cats[i] = v.categoryOfItem(items[i]);
            if (items[i] == 0) {
                unknown.add(r.candidates()[i]);
            }
        }
        return new Candidates(items, cats, unknown);
    }

    private void respond(Context ctx, long t0, ServingModel m, ScoreRequest r, HistoryReader.Outcome read,
                         Candidates c) {
        long t1 = System.nanoTime();
        int maxLen = maxLen(r, m);
        int[] items = c.items();
        if (read.degraded()) {
            metrics.degraded(m.name(), read.degradedReason());
            metrics.storeError("read", read.degradedReason());
        }
        Behaviours raw = read.raw();
        History history = read.history();
        long now = r.timestamp() > 0 ? r.timestamp() : System.currentTimeMillis() / 1000;
        long newest = raw.isEmpty() ? now : raw.time(raw.size() - 1);
        // A clock behind the store's newest event must not turn history into "future" behaviour.
        long requestTime = Math.max(now, newest);
        ServingModel.Scored s = m.score(history, maxLen, items, c.categories(), requestTime, r.explain(), pool, workers);
        long t2 = System.nanoTime();

        ObjectNode out = json.createObjectNode();
        out.put("request_id", r.requestId() != null ? r.requestId() : UUID.randomUUID().toString());
        ObjectNode model = out.putObject("model");
        model.put("name", m.name());
        model.put("version", m.version());
        ArrayNode scores = out.putArray("scores");
        for (float p : s.probabilities()) {
            scores.add(p);
        }
        ObjectNode seq = out.putObject("sequence");
        seq.put("source", read.source().label());
        seq.put("length", Math.min(history.length(), maxLen));
        out.put("degraded", read.degraded());
        out.set("unknown_items", c.unknown());
        if (r.explain()) {
            ArrayNode ex = out.putArray("explain");
            for (int i = 0; i < items.length; i++) {
                ObjectNode e = ex.addObject();
                e.put("item_id", r.candidates()[i]);
                ArrayNode behaviours = e.putArray("behaviours");
                for (CtrModel.ExplainedBehaviour b : s.explanations().get(i)) {
                    ObjectNode bo = behaviours.addObject();
                    int row = b.timelineRow();
                    bo.put("item_id", raw.item(row));
                    bo.put("timestamp", raw.time(row));
                    bo.put("weight", b.weight());
                }
            }
        }
        String text;
        try {
            text = json.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree did not write", e);
        }
        long t3 = System.nanoTime();
        ctx.header("Server-Timing", serverTiming(t1 - t0, t2 - t1, t3 - t0));
        ctx.contentType(JSON).result(text);
        record(m.name(), "read", t1 - t0);
        record(m.name(), "score", t2 - t1);
        record(m.name(), "total", t3 - t0);
    }

    /**
     * The request's stages as a W3C {@code Server-Timing} header, in milliseconds to the microsecond: the same
     * stages as the {@code lifelong_request_seconds} histograms, for one request. A client can then tell the
     * server's time from the network's and its own, per request (what {@code bench serve} reports).
     */
    static String serverTiming(long readNanos, long scoreNanos, long totalNanos) {
        StringBuilder s = new StringBuilder(64);
        millis(s.append("read;dur="), readNanos);
        millis(s.append(", score;dur="), scoreNanos);
        millis(s.append(", total;dur="), totalNanos);
        return s.toString();
    }

    private static void millis(StringBuilder s, long nanos) {
        long micros = Math.max(0, nanos) / 1000;
        long frac = micros % 1000;
        s.append(micros / 1000).append('.').append(frac < 100 ? frac < 10 ? "00" : "0" : "").append(frac);
    }

    private void record(String model, String stage, long nanos) {
        Timer t = metrics.stage(model, stage);
        t.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private void events(Context ctx) {
        EventsRequest r = EventsRequest.parse(body(ctx), limits);
        int accepted = 0;
        for (Map.Entry<String, Behaviours> e : r.byUser().entrySet()) {
            try {
                histories.store().append(e.getKey(), e.getValue());
            } catch (OutOfOrderAppendException ex) {
                throw new ApiException(ErrorCode.OUT_OF_ORDER_EVENT, "user " + truncate(e.getKey()) + ": "
                        + ex.getMessage() + (accepted > 0 ? " (" + accepted + " earlier events were stored)" : ""));
            } catch (ReadOnlyStoreException ex) {
                throw new ApiException(ErrorCode.STORE_UNAVAILABLE, ex.getMessage());
            } catch (RuntimeException ex) {
                metrics.storeError("append", "error");
                throw new ApiException(ErrorCode.STORE_UNAVAILABLE, "the behaviour store failed: " + ex.getMessage()
                        + (accepted > 0 ? " (" + accepted + " earlier events were stored)" : ""));
            }
            histories.recent().append(e.getKey(), e.getValue());
            accepted += e.getValue().size();
        }
        metrics.events(accepted);
        ObjectNode out = json.createObjectNode();
        out.put("accepted", accepted);
        out.put("users", r.byUser().size());
        ctx.contentType(JSON).result(out.toString());
    }

    private void ready(Context ctx) {
        if (models.isEmpty()) {
            throw new ApiException(ErrorCode.NOT_READY, "no model is loaded and warmed yet");
        }
        String held = heldBack;
        if (held != null) {
            throw new ApiException(ErrorCode.NOT_READY, held);
        }
        ObjectNode out = json.createObjectNode();
        out.put("status", "ready");
        ObjectNode ms = out.putObject("models");
        models.all().forEach((k, m) -> ms.put(k, m.version()));
        ctx.contentType(JSON).result(out.toString());
    }

    private void model(Context ctx) {
        ServingModel m = modelOf(ctx);
        ObjectNode out = json.createObjectNode();
        out.put("name", m.name());
        out.put("version", m.version());
        out.put("artifact", m.artifact().toString());
        out.put("long_len", m.longLen());
        out.put("short_len", m.shortLen());
        out.set("provenance", json.valueToTree(m.provenance()));
        ctx.contentType(JSON).result(out.toString());
    }

    /**
     * A reload names a file on the server's disk, so it is confined to the folders the served artifacts came
     * from: an API caller cannot make the server open arbitrary paths.
     */
    private Path allowedArtifact(String requested) {
        Path p;
        try {
            p = Path.of(requested).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new ApiException(ErrorCode.INVALID_FIELD, "artifact: not a path: " + e.getReason());
        }
        java.util.Set<Path> dirs = new java.util.TreeSet<>();
        models.all().values().forEach(m -> dirs.add(m.artifact().toAbsolutePath().normalize().getParent()));
        // The root has no file name: it is refused like any other path that is not a served folder's .llm.
        if (p.getFileName() == null || !p.getFileName().toString().endsWith(".llm") || !dirs.contains(p.getParent())) {
            throw new ApiException(ErrorCode.INVALID_FIELD, "artifact: must be a .llm file in a folder the served "
                    + "models came from (" + dirs + ")");
        }
        return p;
    }

    private void reload(Context ctx) {
        ServingModel current = modelOf(ctx);
        Path artifact = current.artifact();
        if (ctx.body() != null && !ctx.body().isBlank()) {
            ObjectNode o = Fields.body(body(ctx));
            Fields.onlyKnown(o, "", java.util.Set.of("artifact"));
            String p = Fields.optionalText(o, "artifact", "artifact", 4096);
            if (p != null) {
                artifact = allowedArtifact(p);
            }
        }
        ServingModel loaded;
        try {
            loaded = models.load(artifact, current.name());
        } catch (java.io.IOException | RuntimeException e) {
            throw new ApiException(ErrorCode.INVALID_FIELD, "cannot load " + artifact + ": " + e.getMessage()
                    + " (still serving " + current.name() + " " + current.version() + ")");
        }
        ObjectNode out = json.createObjectNode();
        out.put("name", loaded.name());
        out.put("version", loaded.version());
        out.put("previous_version", current.version());
        ctx.contentType(JSON).result(out.toString());
    }
}
