package io.graphmail.graph;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chunk protocol against a scripted upload host: the sandbox's upload URL never fails, and resuming after a
 * failure is what this class is for. (The happy path runs against the sandbox in LargeMessageTest.)
 */
class UploadSessionTest {

    private static final byte[] DATA = "0123456789".getBytes(StandardCharsets.US_ASCII);

    /** A scripted answer: status and body for the next PUT. */
    private record Answer(int status, String body) {
    }

    private HttpServer server;
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<String> ranges = new ArrayList<>();
    private final AtomicInteger withAuthorization = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/upload", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private synchronized void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            if (ex.getRequestHeaders().containsKey("Authorization")) withAuthorization.incrementAndGet();
            String range = ex.getRequestHeaders().getFirst("Content-Range");
            ranges.add(range);
            Answer a = script.poll();
            if (a == null) a = new Answer(500, "");
            assertEquals(body.length, chunkLength(range), "the body must match Content-Range");
            byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) ex.getResponseBody().write(out);
        }
    }

    private static long chunkLength(String range) {
        String[] startEnd = range.substring("bytes ".length(), range.indexOf('/')).split("-");
        return Long.parseLong(startEnd[1]) - Long.parseLong(startEnd[0]) + 1;
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/upload?authtoken=x");
    }

    private UploadSession session(int retries) {
        return new UploadSession(HttpClient.newHttpClient(), new MailboxLimiter(4),
                new RetryPolicy(retries, Duration.ofMillis(1)), Duration.ofSeconds(10), 4, Waits.SYSTEM);
    }

    @Test
    void chunksInOrderWithoutAuthorizationAndResumesWhereTheServiceSays() throws Exception {
        script.add(new Answer(200, "{\"nextExpectedRanges\":[\"4-\"]}"));
        // the second chunk fails and the service says it kept only bytes 0-1: go back, reopening the source
        script.add(new Answer(503, "{\"nextExpectedRanges\":[\"2\"]}"));
        script.add(new Answer(200, "{\"nextExpectedRanges\":[\"6\"]}"));
        script.add(new Answer(201, ""));
        AtomicInteger opened = new AtomicInteger();
        session(2).upload("m@x", url(), "a.bin", DATA.length, () -> {
            opened.incrementAndGet();
            return new ByteArrayInputStream(DATA);
        });
        assertEquals(List.of("bytes 0-3/10", "bytes 4-7/10", "bytes 2-5/10", "bytes 6-9/10"), ranges);
        assertEquals(0, withAuthorization.get(), "the upload URL is pre-authenticated");
        assertEquals(2, opened.get(), "going back reopens the source instead of keeping what was read");
    }

    @Test
    void aRefusedChunkIsNotRetried() {
        script.add(new Answer(400, "{\"error\":{\"code\":\"InvalidContentRange\",\"message\":\"bad\"}}"));
        GraphException e = assertThrows(GraphException.class, () -> session(3).upload("m@x", url(), "a.bin",
                DATA.length, () -> new ByteArrayInputStream(DATA)));
        assertTrue(e.getMessage().contains("InvalidContentRange"), e.getMessage());
        assertTrue(e.getMessage().contains("a.bin"), e.getMessage());
        assertEquals(1, ranges.size());
    }

    @Test
    void retriesEndAfterTheSetting() {
        script.add(new Answer(503, ""));
        script.add(new Answer(503, ""));
        script.add(new Answer(503, ""));
        GraphException e = assertThrows(GraphException.class, () -> session(2).upload("m@x", url(), "a.bin",
                DATA.length, () -> new ByteArrayInputStream(DATA)));
        assertTrue(e.getMessage().contains("mail.graph.retries"), e.getMessage());
        assertEquals(List.of("bytes 0-3/10", "bytes 0-3/10", "bytes 0-3/10"), ranges);
    }

    @Test
    void nextExpectedRangesForms() {
        assertEquals(2097152, UploadSession.nextExpected("{\"nextExpectedRanges\":[\"2097152\"]}", 0));
        assertEquals(5, UploadSession.nextExpected("{\"nextExpectedRanges\":[\"5-9\",\"12-\"]}", 0));
        assertEquals(7, UploadSession.nextExpected("<html>gateway</html>", 7));
        assertEquals(7, UploadSession.nextExpected("", 7));
    }
}
