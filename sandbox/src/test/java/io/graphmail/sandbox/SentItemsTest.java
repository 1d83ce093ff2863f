package io.graphmail.sandbox;

import static io.graphmail.sandbox.SendMailTest.assertError;
import static io.graphmail.sandbox.TestClient.json;
import static io.graphmail.sandbox.TestClient.simpleMime;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A draft's life after its send (docs/graph-behaviour.md §2.2, §3): the immutable id that finds the Sent Items copy, the
 * time before that copy exists, and the two 504s a client cannot tell apart.
 */
class SentItemsTest {
    static final String SENDER = "sender@contoso.example";
    static final String BASE = "/v1.0/users/" + SENDER;
    static final String READ_ONLY = "c0c0c0c0-0000-4000-8000-000000000002";
    static final String SEND_ONLY = "c0c0c0c0-0000-4000-8000-000000000003";
    static final String[] IMMUTABLE = {"Prefer", "IdType=\"ImmutableId\""};

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.demo().toBuilder()
        .app(App.builder(READ_ONLY).secret("r").roles("Mail.Read").build())
        .app(App.builder(SEND_ONLY).secret("s").roles("Mail.Send").build())
        .build());

    private final TestClient c = new TestClient(SANDBOX.get());

    private static Sandbox sandbox() {
        return SANDBOX.get();
    }

    private String draft(String subject, String... headers) {
        HttpResponse<String> r = c.graph("POST", BASE + "/messages", c.token(), "text/plain", Base64.getEncoder()
            .encode(simpleMime(SENDER, "bob@contoso.example", subject).getBytes(StandardCharsets.UTF_8)), headers);
        assertEquals(201, r.statusCode(), r.body());
        return json(r).get("id").asText();
    }

    private HttpResponse<String> send(String id) {
        return c.graph("POST", BASE + "/messages/" + id + "/send", c.token(), null, null);
    }

    private HttpResponse<String> get(String id) {
        return c.graph("GET", BASE + "/messages/" + id, c.token(), null, null, IMMUTABLE);
    }

    private String folderId(String wellKnownName) {
        HttpResponse<String> r = c.graph("GET", BASE + "/mailFolders/" + wellKnownName, c.token(), null, null);
        assertEquals(200, r.statusCode(), r.body());
        return json(r).get("id").asText();
    }

    @Test
    void aDraftWithAnImmutableIdIsFoundInSentItemsUnderTheSameId() {
        String id = draft("Immutable", IMMUTABLE);
        JsonNode before = json(get(id));
        assertTrue(before.get("isDraft").asBoolean());
        assertEquals(folderId("drafts"), before.get("parentFolderId").asText());

        assertEquals(202, send(id).statusCode());

        HttpResponse<String> r = get(id);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode sent = json(r);
        assertEquals(id, sent.get("id").asText());
        assertFalse(sent.get("isDraft").asBoolean());
        assertEquals(folderId("SentItems"), sent.get("parentFolderId").asText(), "well-known names ignore case");
        assertEquals("Immutable", sent.get("subject").asText());
        assertEquals(before.get("internetMessageId"), sent.get("internetMessageId"));
        assertTrue(sent.has("sentDateTime"));
        assertEquals(0, sandbox().drafts());
        assertEquals(1, sandbox().sentItems());
        assertEquals(1, sandbox().messages().size());
    }

    @Test
    void withoutTheHeaderTheIdChangesWhenTheDraftIsSent() {
        String id = draft("Regular id");
        assertEquals(202, send(id).statusCode());
        assertError(get(id), 404, "ErrorItemNotFound");
        assertEquals(1, sandbox().sentItems(), "the copy exists, under another id");
    }

    @Test
    void untilTheSentCopyExistsItsIdAnswersNotFound() throws Exception {
        sandbox().sending().sentCopyDelay(Duration.ofMillis(400));
        String id = draft("Slow", IMMUTABLE);
        assertEquals(202, send(id).statusCode());
        assertError(get(id), 404, "ErrorItemNotFound");
        assertEquals(0, sandbox().drafts(), "no longer a draft either");
        assertEquals(0, sandbox().sentItems());
        assertEquals(1, sandbox().messages().size(), "already handed to transport");
        Thread.sleep(500);
        assertFalse(json(get(id)).get("isDraft").asBoolean());
        assertEquals(1, sandbox().sentItems());
    }

    @Test
    void inTransitAsOutboxShowsAnUnsentMessageOutsideDrafts() throws Exception {
        sandbox().sending().sentCopyDelay(Duration.ofMillis(400)).inTransit(SendingBehaviour.InTransit.OUTBOX);
        String id = draft("Outbox", IMMUTABLE);
        assertEquals(202, send(id).statusCode());
        JsonNode inTransit = json(get(id));
        assertTrue(inTransit.get("isDraft").asBoolean());
        assertEquals(folderId("outbox"), inTransit.get("parentFolderId").asText());
        assertNotEquals(folderId("drafts"), inTransit.get("parentFolderId").asText());
        assertError(c.graph("GET", BASE + "/mailFolders/drafts/messages/" + id, c.token(), null, null), 404,
            "ErrorItemNotFound");
        Thread.sleep(500);
        assertEquals(folderId("sentitems"), json(get(id)).get("parentFolderId").asText());
    }

    @Test
    void whenSendingChangesTheImmutableIdTheDraftIdIsNotFoundForEver() {
        sandbox().sending().sentCopyKeepsImmutableId(false);
        String id = draft("Reported", IMMUTABLE);
        assertEquals(202, send(id).statusCode());
        assertError(get(id), 404, "ErrorItemNotFound");
        assertEquals(1, sandbox().sentItems());
    }

    @Test
    void gatewayTimeoutAfterAcceptLeavesTheMessageSent() {
        String id = draft("504 after", IMMUTABLE);
        sandbox().faults().next(1, Fault.gatewayTimeoutAfterAccept());
        assertError(send(id), 504, "GatewayTimeout");
        assertEquals(1, sandbox().messages().size());
        assertFalse(json(get(id)).get("isDraft").asBoolean());
    }

    @Test
    void gatewayTimeoutBeforeAcceptLeavesAnUnsentDraftInDrafts() {
        String id = draft("504 before", IMMUTABLE);
        String other = draft("other", IMMUTABLE);
        int drafts = sandbox().drafts();
        sandbox().faults().next(1, Fault.gatewayTimeoutAfterAccept());
        HttpResponse<String> after = send(other);
        sandbox().clearMessages();
        sandbox().faults().next(1, Fault.gatewayTimeoutBeforeAccept());
        HttpResponse<String> r = send(id);
        assertError(r, 504, "GatewayTimeout");
        assertEquals(json(after).path("error").path("message"), json(r).path("error").path("message"),
            "the client cannot tell the two apart");
        assertEquals(0, sandbox().messages().size());
        JsonNode still = json(get(id));
        assertTrue(still.get("isDraft").asBoolean());
        assertEquals(folderId("drafts"), still.get("parentFolderId").asText());
        assertEquals(drafts - 1, sandbox().drafts(), "only the other draft was sent");
        assertEquals(202, send(id).statusCode(), "the draft can still be sent");
        assertEquals(1, sandbox().messages().size());
    }

    @Test
    void aDeleteThroughDraftsRemovesOnlyWhatIsStillInDrafts() {
        String sent = draft("sent", IMMUTABLE);
        assertEquals(202, send(sent).statusCode());
        assertError(c.graph("DELETE", BASE + "/mailFolders/drafts/messages/" + sent, c.token(), null, null), 404,
            "ErrorItemNotFound");
        assertEquals(1, sandbox().sentItems(), "the Sent Items copy is untouched");

        String unsent = draft("unsent", IMMUTABLE);
        assertEquals(204, c.graph("DELETE", BASE + "/mailFolders/drafts/messages/" + unsent, c.token(), null, null)
            .statusCode());
        assertError(get(unsent), 404, "ErrorItemNotFound");
    }

    @Test
    void readingNeedsMailReadOrMailReadWrite() {
        String id = draft("Permissions", IMMUTABLE);
        String readOnly = c.token(READ_ONLY, "r", "https://graph.microsoft.com/.default");
        HttpResponse<String> r = c.graph("GET", BASE + "/messages/" + id, readOnly, null, null);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(json(r).get("isDraft").asBoolean());
        assertEquals(200, c.graph("GET", BASE + "/mailFolders/drafts", readOnly, null, null).statusCode());
        assertError(c.graph("DELETE", BASE + "/messages/" + id, readOnly, null, null), 403, "ErrorAccessDenied");
        String sendOnly = c.token(SEND_ONLY, "s", "https://graph.microsoft.com/.default");
        assertError(c.graph("GET", BASE + "/messages/" + id, sendOnly, null, null), 403, "ErrorAccessDenied");
        assertEquals(204, c.graph("DELETE", BASE + "/messages/" + id, c.token(), null, null).statusCode());
    }
}
