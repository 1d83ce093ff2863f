package io.graphmail.sandbox;

import static io.graphmail.sandbox.SendMailTest.assertError;
import static io.graphmail.sandbox.TestClient.json;
import static io.graphmail.sandbox.TestClient.simpleMime;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each of Graph's three per-app-and-mailbox limits answers 429 as Graph does, over HTTP. The windows are long (or,
 * compressed, still seconds) next to the few requests a test makes, so no assertion depends on how fast they run.
 */
class GraphLimitsTest {
    static final String SENDER = "sender@contoso.example";
    static final String OTHER_APP = "c0c0c0c0-0000-4000-8000-000000000001";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.demo().toBuilder()
        .app(App.builder(OTHER_APP).secret("s").roles("Mail.Send").build()).build());

    private final TestClient c = new TestClient(SANDBOX.get());

    private HttpResponse<String> send(String token, String mailbox) {
        return c.sendMime(mailbox, token, simpleMime(mailbox, "bob@contoso.example", "x"));
    }

    private static void assertThrottled(HttpResponse<String> r, String message, int maxRetryAfter) {
        assertError(r, 429, "ApplicationThrottled");
        assertEquals(message, json(r).at("/error/message").asText());
        assertTrue(json(r).at("/error/innerError/request-id").isTextual());
        int retryAfter = Integer.parseInt(r.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= maxRetryAfter, "Retry-After " + retryAfter);
    }

    @Test
    void overTheRequestBudgetIs429ForThatAppAndMailboxOnly(Sandbox sandbox) {
        sandbox.limits(Limits.graph().withRequests(5, Duration.ofMinutes(10)));
        String token = c.token();
        for (int i = 0; i < 5; i++) {
            assertEquals(202, send(token, SENDER).statusCode());
        }
        assertThrottled(send(token, SENDER), "Application is over its MailboxRequests limit.", 600);
        assertEquals(202, send(token, "alice@contoso.example").statusCode());
        assertEquals(202, send(c.token(OTHER_APP, "s", "https://graph.microsoft.com/.default"), SENDER)
            .statusCode());
        assertEquals(7, sandbox.messages().size());
        assertEquals(1, sandbox.throttled(Sandbox.Throttle.REQUESTS));
        assertEquals(0, sandbox.throttled(Sandbox.Throttle.UPLOAD_BYTES));
    }

    @Test
    void theTimeScaleCompressesTheRequestBudgetThroughTheAdminApi(Sandbox sandbox) {
        sandbox.limits(Limits.graph());
        HttpResponse<String> set = admin("POST", "/sandbox/admin/config/limits",
            "{\"requests\": 500, \"requestWindowSeconds\": 600, \"timeScale\": 0.01}");
        assertEquals(204, set.statusCode(), set.body());
        JsonNode limits = json(c.get("/sandbox/admin/stats")).get("limits");
        assertEquals(5, limits.get("requests").asInt());
        assertEquals(6000, limits.get("requestWindowMs").asLong());
        assertEquals(0.01, limits.get("timeScale").asDouble());
        String token = c.token();
        for (int i = 0; i < 5; i++) {
            assertEquals(202, send(token, SENDER).statusCode());
        }
        assertThrottled(send(token, SENDER), "Application is over its MailboxRequests limit.", 6);
        assertEquals(1, json(c.get("/sandbox/admin/stats")).at("/throttled/requests").asInt());
        HttpResponse<String> bad = admin("POST", "/sandbox/admin/config/limits", "{\"timeScale\": 2}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("limits.timeScale"), bad.body());
        assertEquals(400, admin("POST", "/sandbox/admin/config/limits", "{\"requestz\": 1}").statusCode());
    }

    @Test
    void overTheUploadBudgetIs429IncomingBytesAndUploadChunksCount(Sandbox sandbox) {
        sandbox.limits(Limits.graph().withUploadBytes(5L * 1024 * 1024, Duration.ofMinutes(5)));
        String token = c.token();
        String mime = simpleMime(SENDER, "bob@contoso.example", "big");
        HttpResponse<String> draft = c.graph("POST", "/v1.0/users/" + SENDER + "/messages", token, "text/plain",
            Base64.getEncoder().encode(mime.getBytes(StandardCharsets.UTF_8)));
        assertEquals(201, draft.statusCode(), draft.body());
        String id = json(draft).get("id").asText();
        int size = 6 * 1024 * 1024;
        HttpResponse<String> session = c.graph("POST", "/v1.0/users/" + SENDER + "/messages/" + id
                + "/attachments/createUploadSession", token, "application/json",
            ("{\"AttachmentItem\":{\"attachmentType\":\"file\",\"name\":\"big.bin\",\"size\":" + size + "}}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(201, session.statusCode(), session.body());
        String url = json(session).get("uploadUrl").asText();
        byte[] chunk = new byte[4 * 1024 * 1024];
        assertEquals(200, put(url, chunk, 0, size).statusCode());
        assertThrottled(put(url, new byte[2 * 1024 * 1024], chunk.length, size),
            "Application is over its IncomingBytes limit.", 300);
        // A Graph request with a body over what is left is refused too; one without a body is not.
        byte[] body = Base64.getEncoder().encode(new byte[900 * 1024]);
        assertThrottled(c.graph("POST", "/v1.0/users/" + SENDER + "/messages", token, "text/plain", body),
            "Application is over its IncomingBytes limit.", 300);
        assertEquals(200, c.graph("GET", "/v1.0/users/" + SENDER + "/messages/" + id, token, null, null)
            .statusCode());
        assertEquals(2, sandbox.throttled(Sandbox.Throttle.UPLOAD_BYTES));
        assertEquals(0, sandbox.throttled(Sandbox.Throttle.REQUESTS));
    }

    @Test
    void overTheConcurrencyLimitIs429MailboxConcurrency(Sandbox sandbox) throws Exception {
        sandbox.limits(Limits.graph());
        String token = c.token();
        int n = 8;
        // Long enough that all requests overlap; more than 4 at once are refused whatever the timing beyond that.
        sandbox.faults().next(n, Fault.latency(Duration.ofMillis(700)));
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(CompletableFuture.supplyAsync(() -> send(token, SENDER)));
        }
        int throttled = 0;
        for (CompletableFuture<HttpResponse<String>> f : futures) {
            HttpResponse<String> r = f.get();
            if (r.statusCode() != 202) {
                assertThrottled(r, "Application is over its MailboxConcurrency limit.", 1);
                throttled++;
            }
        }
        assertTrue(throttled >= 1);
        assertEquals(throttled, sandbox.throttled(Sandbox.Throttle.CONCURRENCY));
        assertEquals(n - throttled, sandbox.messages().size());
    }

    private HttpResponse<String> put(String url, byte[] chunk, long start, long total) {
        return c.send(HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/octet-stream")
            .header("Content-Range", "bytes " + start + "-" + (start + chunk.length - 1) + "/" + total)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(chunk)).build());
    }

    private HttpResponse<String> admin(String method, String path, String body) {
        return c.send(HttpRequest.newBuilder(URI.create(SANDBOX.get().baseUrl() + path))
            .method(method, HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
