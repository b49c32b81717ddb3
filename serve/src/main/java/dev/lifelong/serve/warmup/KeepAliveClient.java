package dev.lifelong.serve.warmup;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The load generator's HTTP/1.1 client: one kept-alive connection, a request written in one piece with Nagle
 * off, the response read on the calling thread. A latency benchmark on loopback must not time its own client:
 * JDK's {@code HttpClient} (a selector thread and hand-offs to an executor) and {@code HttpURLConnection} added
 * 1.5-2.5 ms to every request here (the server's own time read from its {@code Server-Timing} header; a client
 * like this one adds about 0.3 ms), more than a third of {@code eta}'s whole time at L = 10^4, B = 1,000.
 *
 * <p>It speaks just what {@code bench serve} and a server's warm-up traffic ({@link LoopbackWarmUp}) need of
 * the scoring server: POST with a JSON body (in one piece, or on request its headers first), responses framed
 * by {@code Content-Length} or chunked, {@code Connection: close} honoured. A connection found closed
 * when a request is sent on it (the server's idle timeout) is opened again and the request sent once more;
 * scoring has no side effects, so a repeat is harmless. Not thread-safe: one per load thread.
 */
public final class KeepAliveClient implements AutoCloseable {

    /** A response: status, body as text, and its {@code Server-Timing} header (null when absent). */
    public record Response(int status, String body, String serverTiming) {
    }

    private final InetSocketAddress address;
    private final int timeoutMs;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private final StringBuilder line = new StringBuilder(128);

    public KeepAliveClient(String host, int port, int timeoutMs) {
        this.address = new InetSocketAddress(host, port);
        this.timeoutMs = timeoutMs;
    }

    /** POSTs {@code json} (UTF-8) to {@code path}; throws on a broken connection or a malformed response. */
    public Response post(String path, byte[] json) throws IOException {
        return post(path, json, false);
    }

    /**
     * As {@link #post(String, byte[])}; with {@code bodyApart} the headers and the body go in two writes, as
     * many clients send them, so that the server may read the headers before the body has come (a path of its
     * own through Jetty, which a warm-up must take too).
     */
    public Response post(String path, byte[] json, boolean bodyApart) throws IOException {
        byte[] head = head(path, json.length);
        boolean reused = socket != null;
        try {
            return exchange(head, json, bodyApart);
        } catch (EOFException | java.net.SocketException stale) {
            close();
            if (!reused) {
                throw stale;
            }
            return exchange(head, json, bodyApart);
        }
    }

    private byte[] head(String path, int length) {
        return ("POST " + path + " HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private Response exchange(byte[] head, byte[] json, boolean bodyApart) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(timeoutMs);
            socket.connect(address, timeoutMs);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        }
        if (bodyApart) {
            out.write(head);
            out.flush();
            out.write(json);
        } else {
            byte[] all = new byte[head.length + json.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(json, 0, all, head.length, json.length);
            out.write(all);
        }
        out.flush();
        String status = readLine();
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: '" + status + "'");
        }
        int code;
        try {
            code = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("status line without a status code: '" + status + "'");
        }
        long length = -1;
        boolean chunked = false;
        boolean closes = false;
        String timing = null;
        for (String h = readLine(); !h.isEmpty(); h = readLine()) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line: '" + h + "'");
            }
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closes = value.equalsIgnoreCase("close");
                case "server-timing" -> timing = value;
                default -> { }
            }
        }
        byte[] body;
        if (chunked) {
            body = readChunked();
        } else if (length >= 0) {
            body = in.readNBytes((int) length);
            if (body.length < length) {
                throw new EOFException("the connection closed " + body.length + " bytes into a body of " + length);
            }
        } else {
            body = in.readAllBytes();
            closes = true;
        }
        if (closes) {
            close();
        }
        return new Response(code, new String(body, StandardCharsets.UTF_8), timing);
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = readLine();
            int semi = size.indexOf(';');
            int n;
            try {
                n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("malformed chunk size: '" + size + "'");
            }
            if (n == 0) {
                while (!readLine().isEmpty()) {
                    // trailers, unused
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(n);
            if (chunk.length < n) {
                throw new EOFException("the connection closed inside a chunk");
            }
            body.write(chunk);
            readLine();
        }
    }

    /** A header line without its CRLF; EOF before any byte of it means the server closed the connection. */
    private String readLine() throws IOException {
        line.setLength(0);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("the server closed the connection");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a loopback socket: nothing to recover
            }
            socket = null;
        }
    }
}
