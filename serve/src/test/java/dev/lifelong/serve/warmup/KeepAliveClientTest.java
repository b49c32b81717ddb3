package dev.lifelong.serve.warmup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The load generator's client against a scripted HTTP/1.1 peer: framing, keep-alive and reconnection. */
class KeepAliveClientTest {

    /** What the peer answers, one script per request; {@code hangUp}: close the connection after answering. */
    private record Answer(String raw, boolean hangUp) {
    }

    private final ServerSocket listener = new ServerSocket(0);
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread peer = new Thread(this::serve, "scripted-peer");

    KeepAliveClientTest() throws IOException {
        peer.setDaemon(true);
        peer.start();
    }

    @AfterEach
    void stop() throws IOException {
        listener.close();
    }

    private void serve() {
        while (!listener.isClosed()) {
            try (Socket s = listener.accept()) {
                connections.incrementAndGet();
                InputStream in = new BufferedInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                while (true) {
                    int length = -1;
                    String line = readLine(in);
                    if (line == null) {
                        break;
                    }
                    for (String h = readLine(in); h != null && !h.isEmpty(); h = readLine(in)) {
                        if (h.toLowerCase().startsWith("content-length:")) {
                            length = Integer.parseInt(h.substring(15).trim());
                        }
                    }
                    bodies.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
                    Answer a = answers.poll();
                    out.write(a.raw().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    if (a.hangUp()) {
                        break;
                    }
                }
            } catch (IOException closed) {
                // the test is over, or the client went away
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return null;
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    private static String ok(String body, String extraHeaders) {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + extraHeaders + "Content-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private KeepAliveClient client() {
        return new KeepAliveClient("127.0.0.1", listener.getLocalPort(), 10_000);
    }

    @Test
    void requestsShareOneConnectionAndReadTheServerTiming() throws Exception {
        answers.add(new Answer(ok("{\"scores\":[0.5]}", "Server-Timing: read;dur=0.1, score;dur=2.5, total;dur=3\r\n"),
                false));
        answers.add(new Answer(ok("{\"scores\":[0.25]}", ""), false));
        try (KeepAliveClient c = client()) {
            KeepAliveClient.Response r = c.post("/v1/models/eta/score", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"scores\":[0.5]}");
            assertThat(r.serverTiming()).isEqualTo("read;dur=0.1, score;dur=2.5, total;dur=3");
            KeepAliveClient.Response second = c.post("/x", "{\"b\":2}".getBytes(StandardCharsets.UTF_8));
            assertThat(second.body()).isEqualTo("{\"scores\":[0.25]}");
            assertThat(second.serverTiming()).isNull();
        }
        assertThat(bodies).containsExactly("{\"a\":1}", "{\"b\":2}");
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void aChunkedBodyIsReassembled() throws Exception {
        answers.add(new Answer("HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"err\r\n"
                + "7;ext=1\r\nor\":\"x\"\r\n1\r\n}\r\n0\r\n\r\n", false));
        try (KeepAliveClient c = client()) {
            KeepAliveClient.Response r = c.post("/p", new byte[0]);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).isEqualTo("{\"error\":\"x\"}");
        }
    }

    @Test
    void aConnectionTheServerClosesIsOpenedAgain() throws Exception {
        // Told: Connection: close. Untold: the peer hangs up after answering, as an idle timeout would.
        answers.add(new Answer(ok("1", "Connection: close\r\n"), true));
        answers.add(new Answer(ok("2", ""), true));
        answers.add(new Answer(ok("3", ""), false));
        try (KeepAliveClient c = client()) {
            assertThat(c.post("/p", new byte[] {'a'}).body()).isEqualTo("1");
            assertThat(c.post("/p", new byte[] {'b'}).body()).isEqualTo("2");
            Thread.sleep(50);
            assertThat(c.post("/p", new byte[] {'c'}).body()).isEqualTo("3");
        }
        assertThat(bodies).containsExactly("a", "b", "c");
        assertThat(connections.get()).isEqualTo(3);
    }

    @Test
    void aBodyWrittenAfterItsHeadersArrivesWholeOnTheSameConnection() throws Exception {
        answers.add(new Answer(ok("{\"scores\":[0.5]}", ""), false));
        answers.add(new Answer(ok("{\"scores\":[0.75]}", ""), false));
        try (KeepAliveClient c = client()) {
            String indented = "{\n  \"user_id\" : \"u1\",\n  \"candidates\" : [ \"i2\" ]\n}";
            assertThat(c.post("/p", indented.getBytes(StandardCharsets.UTF_8), true).body())
                    .isEqualTo("{\"scores\":[0.5]}");
            assertThat(c.post("/p", "{\"b\":2}".getBytes(StandardCharsets.UTF_8), false).body())
                    .isEqualTo("{\"scores\":[0.75]}");
            assertThat(bodies).containsExactly(indented, "{\"b\":2}");
        }
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void aPeerThatDoesNotSpeakHttpIsAnError() {
        answers.add(new Answer("SSH-2.0-OpenSSH\r\n\r\n", true));
        try (KeepAliveClient c = client()) {
            assertThatThrownBy(() -> c.post("/p", new byte[0])).isInstanceOf(IOException.class)
                    .hasMessageContaining("not an HTTP/1.x status line");
        }
    }
}
