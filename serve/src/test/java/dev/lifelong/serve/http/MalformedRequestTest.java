package dev.lifelong.serve.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of malformed request gets a 4xx with a reason and a code, none a 5xx, and the server keeps serving:
 * after each one a valid request still scores.
 */
class MalformedRequestTest {

    @TempDir
    static Path dir;
    static ServerFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new ServerFixture(dir, "eta");
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    static final String SCORE = "/v1/models/eta/score";
    static final String OK_USER = "\"user_id\":\"u1\"";
    static final String OK_ITEMS = "\"candidates\":[\"i1\",\"i2\"]";

    static Arguments score(String name, String body, int status, String code) {
        return Arguments.of(name, "POST", SCORE, body, "application/json", status, code);
    }

    static Arguments events(String name, String body, int status, String code) {
        return Arguments.of(name, "POST", "/v1/events", body, "application/json", status, code);
    }

    static Stream<Arguments> malformed() {
        String big = "\"" + "x".repeat(300) + "\"";
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 10_001; i++) {
            many.append(i == 0 ? "" : ",").append('"').append('i').append(i % 50 + 1).append('"');
        }
        many.append(']');
        String huge = "{" + OK_USER + ",\"candidates\":[\"" + "y".repeat(5 << 20) + "\"]}";
        return Stream.of(
                score("empty body", "", 400, "MALFORMED_JSON"),
                score("not JSON", "hello", 400, "MALFORMED_JSON"),
                score("truncated JSON", "{\"user_id\":\"u1\",\"candidates\":[\"i1\"", 400, "MALFORMED_JSON"),
                score("JSON array body", "[1,2,3]", 400, "MALFORMED_JSON"),
                score("JSON string body", "\"u1\"", 400, "MALFORMED_JSON"),
                score("JSON null body", "null", 400, "MALFORMED_JSON"),
                score("missing user_id", "{" + OK_ITEMS + "}", 400, "MISSING_FIELD"),
                score("null user_id", "{\"user_id\":null," + OK_ITEMS + "}", 400, "MISSING_FIELD"),
                score("empty user_id", "{\"user_id\":\"\"," + OK_ITEMS + "}", 400, "INVALID_FIELD"),
                score("blank user_id", "{\"user_id\":\"   \"," + OK_ITEMS + "}", 400, "INVALID_FIELD"),
                score("user_id object", "{\"user_id\":{\"a\":1}," + OK_ITEMS + "}", 400, "INVALID_FIELD"),
                score("user_id float", "{\"user_id\":1.5," + OK_ITEMS + "}", 400, "INVALID_FIELD"),
                score("user_id too long", "{\"user_id\":" + big + "," + OK_ITEMS + "}", 400, "INVALID_FIELD"),
                score("user_id with NUL", "{\"user_id\":\"a\\u0000b\"," + OK_ITEMS + "}", 400, "INVALID_FIELD"),
                score("missing candidates", "{" + OK_USER + "}", 400, "MISSING_FIELD"),
                score("candidates not array", "{" + OK_USER + ",\"candidates\":\"i1\"}", 400, "INVALID_FIELD"),
                score("empty candidates", "{" + OK_USER + ",\"candidates\":[]}", 400, "INVALID_FIELD"),
                score("null candidate", "{" + OK_USER + ",\"candidates\":[\"i1\",null]}", 400, "INVALID_FIELD"),
                score("boolean candidate", "{" + OK_USER + ",\"candidates\":[true]}", 400, "INVALID_FIELD"),
                score("nested array candidate", "{" + OK_USER + ",\"candidates\":[[\"i1\"]]}", 400, "INVALID_FIELD"),
                score("too many candidates", "{" + OK_USER + ",\"candidates\":" + many + "}", 413, "TOO_LARGE"),
                score("unknown field", "{" + OK_USER + "," + OK_ITEMS + ",\"candidate\":[\"i1\"]}", 400,
                        "UNKNOWN_FIELD"),
                score("explain not boolean", "{" + OK_USER + "," + OK_ITEMS + ",\"explain\":\"yes\"}", 400,
                        "INVALID_FIELD"),
                score("options not object", "{" + OK_USER + "," + OK_ITEMS + ",\"options\":5}", 400, "INVALID_FIELD"),
                score("negative timeout", "{" + OK_USER + "," + OK_ITEMS + ",\"options\":{\"timeout_ms\":-1}}", 400,
                        "INVALID_FIELD"),
                score("huge timeout", "{" + OK_USER + "," + OK_ITEMS + ",\"options\":{\"timeout_ms\":99999999}}", 400,
                        "INVALID_FIELD"),
                score("fractional timeout", "{" + OK_USER + "," + OK_ITEMS + ",\"options\":{\"timeout_ms\":1.5}}", 400,
                        "INVALID_FIELD"),
                score("zero max_seq_len", "{" + OK_USER + "," + OK_ITEMS + ",\"options\":{\"max_seq_len\":0}}", 400,
                        "INVALID_FIELD"),
                score("unknown option", "{" + OK_USER + "," + OK_ITEMS + ",\"options\":{\"timeout\":5}}", 400,
                        "UNKNOWN_FIELD"),
                score("timestamp in milliseconds", "{" + OK_USER + "," + OK_ITEMS
                        + ",\"context\":{\"timestamp\":1735689600000000}}", 400, "INVALID_FIELD"),
                score("timestamp as string", "{" + OK_USER + "," + OK_ITEMS + ",\"context\":{\"timestamp\":\"now\"}}",
                        400, "INVALID_FIELD"),
                score("number overflowing long", "{" + OK_USER + "," + OK_ITEMS
                        + ",\"options\":{\"max_seq_len\":99999999999999999999999}}", 400, "INVALID_FIELD"),
                score("absurdly deep nesting", "{\"user_id\":" + "[".repeat(2000) + "]".repeat(2000) + "}", 400,
                        "MALFORMED_JSON"),
                Arguments.of("body larger than the limit", "POST", SCORE, huge, "application/json", 413, "TOO_LARGE"),
                Arguments.of("wrong content type", "POST", SCORE, "{" + OK_USER + "," + OK_ITEMS + "}", "text/plain", 415,
                        "UNSUPPORTED_MEDIA_TYPE"),
                Arguments.of("unknown model", "POST", "/v1/models/nope/score", "{" + OK_USER + "," + OK_ITEMS + "}",
                        "application/json", 404, "UNKNOWN_MODEL"),
                Arguments.of("unknown endpoint", "POST", "/v1/nothing", "{}", "application/json", 404, "NOT_FOUND"),
                Arguments.of("GET on score", "GET", SCORE, null, null, 405, "METHOD_NOT_ALLOWED"),
                Arguments.of("metadata of unknown model", "GET", "/v2/models/nope", null, null, 404, "UNKNOWN_MODEL"),
                Arguments.of("reload from a path outside the model folders", "POST", "/v2/models/eta/reload",
                        "{\"artifact\":\"/etc/passwd.llm\"}", "application/json", 400, "INVALID_FIELD"),
                Arguments.of("reload of a file that is not an artifact", "POST", "/v2/models/eta/reload",
                        "{\"artifact\":\"/etc/passwd\"}", "application/json", 400, "INVALID_FIELD"),
                Arguments.of("reload of the root, which has no file name", "POST", "/v2/models/eta/reload",
                        "{\"artifact\":\"/\"}", "application/json", 400, "INVALID_FIELD"),
                events("events missing", "{}", 400, "MISSING_FIELD"),
                events("events empty", "{\"events\":[]}", 400, "INVALID_FIELD"),
                events("event without item", "{\"events\":[{\"user_id\":\"u1\",\"timestamp\":5}]}", 400,
                        "MISSING_FIELD"),
                events("event without timestamp", "{\"events\":[{\"user_id\":\"u1\",\"item_id\":\"i1\"}]}", 400,
                        "MISSING_FIELD"),
                events("event negative timestamp", "{\"events\":[{\"user_id\":\"u1\",\"item_id\":\"i1\","
                        + "\"timestamp\":-5}]}", 400, "INVALID_FIELD"),
                events("event value not a number", "{\"events\":[{\"user_id\":\"u1\",\"item_id\":\"i1\","
                        + "\"timestamp\":5,\"value\":\"high\"}]}", 400, "INVALID_FIELD"),
                events("event unknown field", "{\"events\":[{\"user_id\":\"u1\",\"item_id\":\"i1\",\"timestamp\":5,"
                        + "\"colour\":\"red\"}]}", 400, "UNKNOWN_FIELD"),
                events("event not an object", "{\"events\":[5]}", 400, "INVALID_FIELD"),
                events("event in the past of the stored history", "{\"events\":[{\"user_id\":\"u1\",\"item_id\":\"i1\","
                        + "\"timestamp\":5}]}", 409, "OUT_OF_ORDER_EVENT"));
    }

    /** A bad candidate's reason names it by its place in the array, whatever is wrong with it. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"true", "\"\"", "\"   \"", "\"a\\u0000b\"", "{\"id\":1}"})
    void aBadCandidatesReasonNamesItsPlace(String bad) throws Exception {
        ServerFixture.Response r = f.post(SCORE, "{" + OK_USER + ",\"candidates\":[\"i1\",\"i2\"," + bad + "]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().get("code").asText()).isEqualTo("INVALID_FIELD");
        assertThat(r.body().get("error").asText()).startsWith("candidates[2]: ");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void isRefusedWithAReasonAndTheServerKeepsServing(String name, String method, String path, String body,
                                                      String contentType, int status, String code) throws Exception {
        // A body far over the limit is sent as a client should send a large body: asking first (Expect).
        ServerFixture.Response r = body != null && body.length() > (1 << 20)
                ? f.sendAskingFirst(method, path, body, contentType) : f.send(method, path, body, contentType);
        assertThat(r.status()).as("%s: %s", name, r.text().length() > 300 ? r.text().substring(0, 300) : r.text())
                .isEqualTo(status);
        assertThat(r.body()).as(name).isNotNull();
        assertThat(r.body().get("code").asText()).isEqualTo(code);
        assertThat(r.body().get("error").asText()).isNotBlank()
                .as("%s: a reason in the API's terms, not the JSON parser's internals", name)
                .doesNotContain("Source:").doesNotContain("REDACTED");
        ServerFixture.Response ok = f.post(SCORE, "{" + OK_USER + "," + OK_ITEMS + "}");
        assertThat(ok.status()).as("a valid request after '%s'", name).isEqualTo(200);
    }
}
