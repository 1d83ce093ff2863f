package io.graphmail.sandbox;

import static io.graphmail.sandbox.SendMailTest.assertError;
import static io.graphmail.sandbox.TestClient.json;
import static io.graphmail.sandbox.TestClient.simpleMime;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DraftsTest {
    static final String SENDER = "sender@contoso.example";
    static final String BASE = "/v1.0/users/" + SENDER + "/messages";
    static final String SEND_ONLY = "b0b0b0b0-0000-4000-8000-000000000001";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.demo().toBuilder()
        .app(App.builder(SEND_ONLY).secret("s").build()).build());

    private final TestClient c = new TestClient(SANDBOX.get());

    private JsonNode createMimeDraft(String token, String mime) {
        HttpResponse<String> r = c.graph("POST", BASE, token, "text/plain",
            Base64.getEncoder().encode(mime.getBytes(StandardCharsets.UTF_8)));
        assertEquals(201, r.statusCode(), r.body());
        return json(r);
    }

    private HttpResponse<String> put(String url, byte[] chunk, long start, long total, boolean withAuth) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/octet-stream")
            .header("Content-Range", "bytes " + start + "-" + (start + chunk.length - 1) + "/" + total)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(chunk));
        if (withAuth) {
            b.header("Authorization", "Bearer " + c.token());
        }
        return c.send(b.build());
    }

    /** Two sends of one draft at once (two nodes settling the same row): one is taken, the other finds it gone. */
    @Test
    void concurrentSendsOfOneDraftCaptureItOnce() throws Exception {
        String token = c.token();
        String id = createMimeDraft(token, "From: sender@contoso.example\r\nTo: bob@contoso.example\r\n"
            + "Subject: once\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nonce\r\n").get("id").asText();
        SANDBOX.get().clearMessages();
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(8);
        java.util.List<java.util.concurrent.CompletableFuture<Integer>> sends = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sends.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return c.graph("POST", BASE + "/" + id + "/send", token, "application/json", new byte[0]).statusCode();
            }, java.util.concurrent.Executors.newCachedThreadPool()));
        }
        java.util.List<Integer> codes = sends.stream().map(java.util.concurrent.CompletableFuture::join).sorted().toList();
        assertEquals(java.util.List.of(202, 404, 404, 404, 404, 404, 404, 404), codes);
        assertEquals(1, SANDBOX.get().messages().size());
    }

    @Test
    void mimeDraftWithUploadSessionIsSentAndCaptured() {
        String token = c.token();
        JsonNode draft = createMimeDraft(token, "From: sender@contoso.example\r\nTo: bob@contoso.example\r\n"
            + "Bcc: alice@contoso.example\r\nSubject: Big one\r\nMessage-ID: <big@contoso.example>\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nLarge file attached.\r\n");
        assertTrue(draft.get("isDraft").asBoolean());
        assertEquals("Big one", draft.get("subject").asText());
        assertEquals("<big@contoso.example>", draft.get("internetMessageId").asText());
        assertTrue(draft.has("conversationId") && draft.has("@odata.etag"));
        String id = draft.get("id").asText();

        int size = 5 * 1024 * 1024 + 123;
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) 7);
        String session = "{\"AttachmentItem\":{\"attachmentType\":\"file\",\"name\":\"big.bin\",\"size\":" + size
            + ",\"contentType\":\"application/octet-stream\"}}";
        HttpResponse<String> r = c.graph("POST", BASE + "/" + id + "/attachments/createUploadSession", token,
            "application/json", session.getBytes(StandardCharsets.UTF_8));
        assertEquals(201, r.statusCode(), r.body());
        String url = json(r).get("uploadUrl").asText();
        // the same server under another host name, as Outlook's upload host is not Graph's
        String uploadBase = SANDBOX.get().baseUrl().replace("127.0.0.1", "localhost");
        assertTrue(url.startsWith(uploadBase + "/api/v2.0/") && url.contains("authtoken="), url);
        assertEquals("0-", json(r).get("nextExpectedRanges").get(0).asText());
        assertTrue(json(r).has("expirationDateTime"));

        int chunk = 4 * 1024 * 1024;
        assertError(put(url, Arrays.copyOfRange(data, 0, chunk), 0, size, true), 401, "InvalidAuthenticationToken");
        assertError(put(url, Arrays.copyOfRange(data, 0, chunk + 1), 0, size, false), 400, "BadRequest");
        assertError(put(url, Arrays.copyOfRange(data, 10, 20), 10, size, false), 416, "InvalidRange");
        r = put(url, Arrays.copyOfRange(data, 0, chunk), 0, size, false);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(String.valueOf(chunk), json(r).get("nextExpectedRanges").get(0).asText());
        assertTrue(json(r).has("ExpirationDateTime"));
        r = put(url, Arrays.copyOfRange(data, chunk, size), chunk, size, false);
        assertEquals(201, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Location").orElseThrow().contains("/Attachments('"));

        r = c.graph("POST", BASE + "/" + id + "/send", token, null, null);
        assertEquals(202, r.statusCode(), r.body());
        CapturedMessage m = SANDBOX.get().messages().get(0);
        assertEquals("draft", m.submittedVia());
        assertEquals(List.of("bob@contoso.example"), m.to());
        assertEquals(List.of("alice@contoso.example"), m.bcc());
        assertEquals("Big one", m.subject());
        assertEquals(List.of(new CapturedAttachment("big.bin", "application/octet-stream", size, false, null)),
            m.attachments());
        assertTrue(new String(m.rawMime(), StandardCharsets.UTF_8).contains("<big@contoso.example>"));
        assertError(c.graph("POST", BASE + "/" + id + "/send", token, null, null), 404, "ErrorItemNotFound");
    }

    @Test
    void uploadChunkFaultsRefuseTheChunkWithoutStoringItAndTheSessionStillExpectsTheSameByte() {
        String token = c.token();
        String id = createMimeDraft(token, simpleMime(SENDER, "bob@contoso.example", "faulted upload"))
            .get("id").asText();
        int size = 3 * 1024 * 1024 + 1000;
        int half = size / 2;
        HttpResponse<String> r = c.graph("POST", BASE + "/" + id + "/attachments/createUploadSession", token,
            "application/json", ("{\"AttachmentItem\":{\"attachmentType\":\"file\",\"name\":\"f.bin\",\"size\":"
                + size + "}}").getBytes(StandardCharsets.UTF_8));
        String url = json(r).get("uploadUrl").asText();
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) 3);
        SANDBOX.get().faults().nextUploadChunks(1, Fault.serviceUnavailable(2));
        SANDBOX.get().faults().nextUploadChunks(1, Fault.throttle(null));
        int graphRequests = SANDBOX.get().graphRequests();

        r = put(url, Arrays.copyOfRange(data, 0, half), 0, size, false);
        assertError(r, 503, "ServiceUnavailable");
        assertEquals("2", r.headers().firstValue("Retry-After").orElseThrow());
        r = put(url, Arrays.copyOfRange(data, 0, half), 0, size, false);
        assertError(r, 429, "TooManyRequests");
        assertTrue(r.headers().firstValue("Retry-After").isEmpty());
        // neither chunk was stored: byte 0 is still the next expected one
        r = put(url, Arrays.copyOfRange(data, 0, half), 0, size, false);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(String.valueOf(half), json(r).get("nextExpectedRanges").get(0).asText());
        assertEquals(201, put(url, Arrays.copyOfRange(data, half, size), half, size, false).statusCode());
        assertEquals(graphRequests, SANDBOX.get().graphRequests(), "upload chunks take no Graph fault or count");
        assertEquals(202, c.graph("POST", BASE + "/" + id + "/send", token, null, null).statusCode());
    }

    @Test
    void untouchedMimeDraftIsSentByteForByte() {
        String mime = simpleMime(SENDER, "bob@contoso.example", "as is");
        String id = createMimeDraft(c.token(), mime).get("id").asText();
        assertEquals(202, c.graph("POST", BASE + "/" + id + "/send", c.token(), null, null).statusCode());
        assertArrayEquals(mime.getBytes(StandardCharsets.UTF_8), SANDBOX.get().messages().get(0).rawMime());
    }

    @Test
    void jsonDraftPatchSmallAttachmentAndSend() {
        String token = c.token();
        HttpResponse<String> r = c.graph("POST", BASE, token, "application/json", ("{\"subject\":\"draft\","
            + "\"body\":{\"contentType\":\"Text\",\"content\":\"hi\"},"
            + "\"toRecipients\":[{\"emailAddress\":{\"address\":\"bob@contoso.example\"}}]}")
            .getBytes(StandardCharsets.UTF_8));
        assertEquals(201, r.statusCode(), r.body());
        String id = json(r).get("id").asText();
        r = c.graph("PATCH", BASE + "/" + id, token, "application/json",
            "{\"subject\":\"patched\",\"ccRecipients\":[{\"emailAddress\":{\"address\":\"alice@contoso.example\"}}]}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("patched", json(r).get("subject").asText());
        r = c.graph("POST", BASE + "/" + id + "/attachments", token, "application/json",
            ("{\"@odata.type\":\"#microsoft.graph.fileAttachment\",\"name\":\"a.txt\",\"contentType\":\"text/plain\","
                + "\"contentBytes\":\"" + Base64.getEncoder().encodeToString("hello".getBytes()) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(201, r.statusCode(), r.body());
        assertEquals(5, json(r).get("size").asInt());
        assertError(c.graph("POST", BASE + "/" + id + "/attachments/createUploadSession", token, "application/json",
            "{\"AttachmentItem\":{\"attachmentType\":\"file\",\"name\":\"s\",\"size\":1000}}"
                .getBytes(StandardCharsets.UTF_8)), 400, "ErrorAttachmentSizeShouldNotBeLessThanMinimumSize");
        assertEquals(202, c.graph("POST", BASE + "/" + id + "/send", token, null, null).statusCode());
        CapturedMessage m = SANDBOX.get().messages().get(0);
        assertEquals("patched", m.subject());
        assertEquals(List.of("alice@contoso.example"), m.cc());
        assertEquals(List.of(new CapturedAttachment("a.txt", "text/plain", 5, false, null)), m.attachments());
    }

    @Test
    void deleteDraftAndCancelUpload() {
        String token = c.token();
        String id = createMimeDraft(token, simpleMime(SENDER, "bob@contoso.example", "x")).get("id").asText();
        HttpResponse<String> r = c.graph("POST", BASE + "/" + id + "/attachments/createUploadSession", token,
            "application/json", "{\"AttachmentItem\":{\"attachmentType\":\"file\",\"name\":\"b\",\"size\":4000000}}"
                .getBytes(StandardCharsets.UTF_8));
        String url = json(r).get("uploadUrl").asText();
        assertEquals(204, c.send(HttpRequest.newBuilder(URI.create(url)).DELETE().build()).statusCode());
        assertError(put(url, new byte[10], 0, 4000000, false), 404, "ErrorItemNotFound");
        assertEquals(204, c.graph("DELETE", BASE + "/" + id, token, null, null).statusCode());
        assertError(c.graph("POST", BASE + "/" + id + "/send", token, null, null), 404, "ErrorItemNotFound");
        assertTrue(SANDBOX.get().messages().isEmpty());
    }

    @Test
    void draftsNeedMailReadWrite() {
        String token = c.token(SEND_ONLY, "s", "https://graph.microsoft.com/.default");
        HttpResponse<String> r = c.graph("POST", BASE, token, "text/plain", Base64.getEncoder().encode(
            simpleMime(SENDER, "bob@contoso.example", "x").getBytes(StandardCharsets.UTF_8)));
        assertError(r, 403, "ErrorAccessDenied");
    }

    @Test
    void draftsUploadSessionsAndGraphRequestsAreCounted() {
        Sandbox sandbox = SANDBOX.get();
        String token = c.token();
        int drafts = sandbox.drafts();
        int uploads = sandbox.openUploadSessions();
        sandbox.resetCounters();
        String id = createMimeDraft(token, simpleMime(SENDER, "bob@contoso.example", "x")).get("id").asText();
        c.graph("POST", BASE + "/" + id + "/attachments/createUploadSession", token, "application/json",
            "{\"AttachmentItem\":{\"attachmentType\":\"file\",\"name\":\"b\",\"size\":4000000}}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(drafts + 1, sandbox.drafts());
        assertEquals(uploads + 1, sandbox.openUploadSessions());
        assertEquals(2, sandbox.graphRequests());
        assertEquals(204, c.graph("DELETE", BASE + "/" + id, token, null, null).statusCode());
        assertEquals(drafts, sandbox.drafts(), "a deleted draft is gone");
        assertEquals(uploads, sandbox.openUploadSessions(), "its upload sessions end with it");
        assertEquals(3, sandbox.graphRequests());
        sandbox.resetCounters();
        assertEquals(0, sandbox.graphRequests());
    }
}
