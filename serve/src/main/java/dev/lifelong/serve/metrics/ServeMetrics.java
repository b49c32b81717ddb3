package dev.lifelong.serve.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The server's metrics in Prometheus form. Labels stay low-cardinality by construction: model names come from
 * the registry's fixed list, stages and reasons from code, error codes from an enum; never a user or an item.
 */
public final class ServeMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** Time of one stage of a request: {@code read} (store), {@code score} (model), {@code total}. */
    public Timer stage(String model, String stage) {
        return Timer.builder("lifelong.request").description("request latency by model and stage")
                .tag("model", model).tag("stage", stage)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    /** A response that answered without the user's full history, by reason. */
    public void degraded(String model, String reason) {
        Counter.builder("lifelong.degraded").description("responses degraded to a short or empty history")
                .tag("model", model).tag("reason", reason).register(registry).increment();
    }

    /** A failed store operation ({@code read} or {@code append}) and why ({@code timeout}, {@code error}). */
    public void storeError(String operation, String reason) {
        Counter.builder("lifelong.store.errors").description("behaviour store failures")
                .tag("operation", operation).tag("reason", reason).register(registry).increment();
    }

    /** A request refused with an error code. */
    public void refused(String code) {
        Counter.builder("lifelong.requests.refused").description("requests answered with an error, by code")
                .tag("code", code).register(registry).increment();
    }

    public void reload(String outcome) {
        Counter.builder("lifelong.model.reloads").description("model loads by outcome (loaded, rejected)")
                .tag("outcome", outcome).register(registry).increment();
    }

    public void events(int count) {
        Counter.builder("lifelong.events").description("behaviours appended online").register(registry)
                .increment(count);
    }

    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
