package io.graphmail.sandbox;

import static io.graphmail.sandbox.TestClient.json;
import static io.graphmail.sandbox.TestClient.simpleMime;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The captured-mail JSON API as a test in any language uses it (docs/sandbox.md, "Captured mail API"). */
class CapturedMailApiTest {
    static final String SENDER = "sender@contoso.example";
    static final byte[] CSV = "id,amount\n1,42\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    static final byte[] GIF = Base64.getDecoder().decode("R0lGODlhAQABAAAAACw=");

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    private final TestClient c = new TestClient(SANDBOX.get());

    private String sendJsonWithAttachments() {
        String body = "{\"message\":{\"subject\":\"Figures\",\"body\":{\"contentType\":\"HTML\",\"content\":"
            + "\"<p>See <img src='cid:logo'> and <img src='https://tracker.example/pixel.gif'></p>"
            + "<script>alert(1)</script>\"},"
            + "\"toRecipients\":[{\"emailAddress\":{\"address\":\"alice@contoso.example\"}}],"
            + "\"bccRecipients\":[{\"emailAddress\":{\"address\":\"bob@contoso.example\"}}],"
            + "\"attachments\":[{\"@odata.type\":\"#microsoft.graph.fileAttachment\",\"name\":\"figures.csv\","
            + "\"contentType\":\"text/csv\",\"contentBytes\":\"" + Base64.getEncoder().encodeToString(CSV) + "\"},"
            + "{\"@odata.type\":\"#microsoft.graph.fileAttachment\",\"name\":\"logo.gif\",\"contentType\":"
            + "\"image/gif\",\"isInline\":true,\"contentId\":\"logo\",\"contentBytes\":\""
            + Base64.getEncoder().encodeToString(GIF) + "\"}]}}";
        HttpResponse<String> r = c.sendJson(SENDER, c.token(), body);
        assertEquals(202, r.statusCode(), r.body());
        return SANDBOX.get().messages().get(0).id();
    }

    private HttpResponse<byte[]> bytes(String path) {
        try {
            return c.http.send(HttpRequest.newBuilder(URI.create(SANDBOX.get().baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void oneMessageWithBodiesHeadersEnvelopeAndAttachmentBytes() {
        String id = sendJsonWithAttachments();
        JsonNode m = json(c.get("/sandbox/messages/" + id));
        assertEquals("Figures", m.get("subject").asText());
        assertEquals("bob@contoso.example", m.get("bcc").get(0).asText());
        assertEquals("sendMail-json", m.get("submittedVia").asText());
        assertTrue(m.get("html").asText().contains("cid:logo"));
        assertTrue(m.get("submittedJson").asText().startsWith("{\"message\""));
        boolean subjectHeader = false;
        for (JsonNode h : m.get("headers")) {
            subjectHeader |= h.get("name").asText().equals("Subject") && h.get("value").asText().equals("Figures");
        }
        assertTrue(subjectHeader, m.get("headers").toString());
        JsonNode csv = m.get("attachments").get(0);
        assertEquals("figures.csv", csv.get("name").asText());
        assertEquals(CSV.length, csv.get("size").asInt());

        HttpResponse<byte[]> download = bytes(csv.get("url").asText());
        assertEquals(200, download.statusCode());
        assertArrayEquals(CSV, download.body());
        assertTrue(download.headers().firstValue("Content-Type").orElseThrow().startsWith("text/csv"));
        assertTrue(download.headers().firstValue("Content-Disposition").orElseThrow().contains("figures.csv"));
        assertArrayEquals(GIF, bytes("/sandbox/messages/" + id + "/cid/logo").body());
        assertEquals(404, bytes("/sandbox/messages/" + id + "/attachments/9").statusCode());
        assertEquals(404, c.get("/sandbox/messages/nope").statusCode());
    }

    @Test
    void htmlBodyIsServedUnderAPolicyWithoutScriptsOrRemoteImages() {
        String id = sendJsonWithAttachments();
        HttpResponse<String> html = c.get("/sandbox/messages/" + id + "/html");
        String policy = html.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(policy.startsWith("sandbox;"), policy);
        assertFalse(policy.contains("script-src"), policy);
        assertTrue(policy.contains("img-src data: https://127.0.0.1:"), policy);
        assertFalse(policy.contains("https:;") || policy.endsWith("https: http:"), policy);
        assertTrue(html.body().contains("/sandbox/messages/" + id + "/cid/logo"), html.body());
        String remote = c.get("/sandbox/messages/" + id + "/html?remote=1").headers()
            .firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(remote.endsWith("https: http:"), remote);
    }

    @Test
    void deleteOneLeavesTheOthers() {
        assertEquals(202, c.sendMime(SENDER, c.token(), simpleMime(SENDER, "bob@contoso.example", "first"))
            .statusCode());
        assertEquals(202, c.sendMime(SENDER, c.token(), simpleMime(SENDER, "bob@contoso.example", "second"))
            .statusCode());
        String first = SANDBOX.get().messages().get(0).id();
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(SANDBOX.get().baseUrl()
            + "/sandbox/messages/" + first)).DELETE().build());
        assertEquals(204, r.statusCode());
        JsonNode list = json(c.get("/sandbox/messages"));
        assertEquals(1, list.size());
        assertEquals("second", list.get(0).get("subject").asText());
    }

    @Test
    void waitReturnsOnceTheMessagesArriveAndTimesOutWith408() throws Exception {
        CompletableFuture<HttpResponse<String>> waiting = c.http.sendAsync(HttpRequest.newBuilder(URI.create(
            SANDBOX.get().baseUrl() + "/sandbox/messages?wait=2&timeout=60000")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(202, c.sendMime(SENDER, c.token(), simpleMime(SENDER, "bob@contoso.example", "one"))
            .statusCode());
        assertFalse(waiting.isDone() && waiting.get().statusCode() == 200, "answered before the second message");
        assertEquals(202, c.sendMime(SENDER, c.token(), simpleMime(SENDER, "bob@contoso.example", "two"))
            .statusCode());
        HttpResponse<String> r = waiting.get(60, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(2, json(r).size());

        HttpResponse<String> late = c.get("/sandbox/messages?wait=3&timeout=0");
        assertEquals(408, late.statusCode());
        assertTrue(json(late).get("error").asText().contains("2 captured"), late.body());
        assertEquals(400, c.get("/sandbox/messages?wait=x").statusCode());
    }
}
