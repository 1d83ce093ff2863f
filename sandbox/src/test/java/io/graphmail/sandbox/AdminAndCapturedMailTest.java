package io.graphmail.sandbox;

import static io.graphmail.sandbox.SendMailTest.assertError;
import static io.graphmail.sandbox.TestClient.json;
import static io.graphmail.sandbox.TestClient.simpleMime;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AdminAndCapturedMailTest {
    static final String SENDER = "sender@contoso.example";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    private final TestClient c = new TestClient(SANDBOX.get());

    private HttpResponse<String> admin(String method, String path, String body) {
        return c.send(HttpRequest.newBuilder(URI.create(SANDBOX.get().baseUrl() + path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body))
            .build());
    }

    @Test
    void capturedMailAsJsonMimeAndEscapedHtml(Sandbox sandbox) {
        String mime = simpleMime(SENDER, "bob@contoso.example", "<script>alert('x')</script> & more");
        assertEquals(202, c.sendMime(SENDER, c.token(), mime).statusCode());
        HttpResponse<String> list = c.get("/sandbox/messages");
        assertEquals(200, list.statusCode());
        JsonNode m = json(list).get(0);
        String id = sandbox.messages().get(0).id();
        assertEquals(id, m.get("id").asText());
        assertEquals(SENDER, m.get("mailbox").asText());
        assertEquals("bob@contoso.example", m.get("to").get(0).asText());
        assertEquals("sendMail-mime", m.get("submittedVia").asText());
        assertEquals(mime.length(), m.get("size").asInt());
        assertTrue(m.has("acceptedAt") && m.get("attachments").isArray() && m.get("bcc").isArray());

        HttpResponse<String> raw = c.get("/sandbox/messages/" + id + "/mime");
        assertEquals("message/rfc822", raw.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(mime, raw.body());

        // the page is static and loads its data as JSON: nothing a sender wrote is ever part of it
        HttpResponse<String> page = c.get("/sandbox/");
        assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertFalse(page.body().contains("alert("), page.body());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow().startsWith("default-src 'self'"));

        assertEquals(204, admin("DELETE", "/sandbox/messages", null).statusCode());
        assertTrue(sandbox.messages().isEmpty());
        assertEquals(404, c.get("/sandbox/messages/" + id + "/mime").statusCode());
    }

    @Test
    void adminFaultsStatsRevokeReset() {
        String token = c.token();
        assertEquals(204, admin("POST", "/sandbox/admin/faults",
            "{\"count\":1,\"fault\":\"throttle\",\"retryAfter\":2}").statusCode());
        HttpResponse<String> r = c.sendMime(SENDER, token, simpleMime(SENDER, "bob@contoso.example", "x"));
        assertError(r, 429, "TooManyRequests");
        assertEquals("2", r.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(400, admin("POST", "/sandbox/admin/faults", "{\"fault\":\"explode\"}").statusCode());
        assertEquals(202, c.sendMime(SENDER, token, simpleMime(SENDER, "bob@contoso.example", "x")).statusCode());

        JsonNode stats = json(c.get("/sandbox/admin/stats"));
        assertEquals(1, stats.get("tokenRequests").asInt());
        assertEquals(1, stats.get("peakConcurrency").get(SENDER).asInt());

        assertEquals(204, admin("POST", "/sandbox/admin/revoke", "").statusCode());
        assertError(c.sendMime(SENDER, token, simpleMime(SENDER, "bob@contoso.example", "x")), 401,
            "InvalidAuthenticationToken");
        assertEquals(204, admin("POST", "/sandbox/admin/reset", "").statusCode());
        assertEquals(0, json(c.get("/sandbox/admin/stats")).get("tokenRequests").asInt());
        assertTrue(SANDBOX.get().messages().isEmpty());
    }

    @Test
    void runtimeConfigAdditions() {
        String app = "{\"clientId\":\"d0d0d0d0-0000-4000-8000-000000000001\",\"secrets\":[\"runtime\"],"
            + "\"roles\":[\"Mail.Send\"]}";
        assertEquals(204, admin("POST", "/sandbox/admin/config/apps", app).statusCode());
        assertEquals(204, admin("POST", "/sandbox/admin/config/mailboxes", "{\"address\":\"carol@contoso.example\"}")
            .statusCode());
        assertEquals(204, admin("POST", "/sandbox/admin/config/sendas",
            "{\"mailbox\":\"carol@contoso.example\",\"from\":\"alice@contoso.example\"}").statusCode());
        String token = c.token("d0d0d0d0-0000-4000-8000-000000000001", "runtime", "https://graph.microsoft.com/.default");
        HttpResponse<String> r = c.sendMime("carol@contoso.example", token,
            simpleMime("alice@contoso.example", "bob@contoso.example", "runtime"));
        assertEquals(202, r.statusCode(), r.body());
        assertEquals(400, admin("POST", "/sandbox/admin/config/apps", "{\"clientId\":\"x\",\"colour\":1}")
            .statusCode());
        assertTrue(SANDBOX.get().config().mailboxes().contains("carol@contoso.example"));
    }
}
