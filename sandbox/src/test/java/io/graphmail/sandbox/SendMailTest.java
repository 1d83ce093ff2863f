package io.graphmail.sandbox;

import static io.graphmail.sandbox.TestClient.code;
import static io.graphmail.sandbox.TestClient.json;
import static io.graphmail.sandbox.TestClient.simpleMime;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SendMailTest {
    static final String SENDER = "sender@contoso.example";
    static final String SEND_ONLY = "a0a0a0a0-0000-4000-8000-000000000002";
    static final String POLICY = "a0a0a0a0-0000-4000-8000-000000000003";
    static final String SHORT = "a0a0a0a0-0000-4000-8000-000000000004";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.demo().toBuilder()
        .app(App.builder(SEND_ONLY).secret("s").roles("Mail.ReadWrite").build())
        .app(App.builder(POLICY).secret("s").allowedMailboxes("alice@contoso.example").build())
        .app(App.builder(SHORT).secret("s").tokenLifetimeSeconds(0).build())
        .inactiveMailbox("gone@contoso.example")
        .sendOnBehalf("alice@contoso.example", "bob@contoso.example")
        .build());

    private final TestClient c = new TestClient(SANDBOX.get());

    @Test
    void mimeIsCapturedByteForByteWithBcc() {
        String mime = "From: Sender <sender@contoso.example>\r\nTo: alice@contoso.example, Bob <bob@contoso.example>"
            + "\r\nCc: shared@contoso.example\r\nBcc: hidden@fabrikam.example\r\nSubject: Quarterly\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\n"
            + "Content-Type: text/plain\r\n\r\nSee attached.\r\n--b1\r\nContent-Type: application/pdf; name=r.pdf\r\n"
            + "Content-Disposition: attachment; filename=r.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + "JVBERi0xLjQK\r\n--b1--\r\n";
        HttpResponse<String> r = c.sendMime(SENDER, c.token(), mime);
        assertEquals(202, r.statusCode(), r.body());
        assertEquals("", r.body());
        List<CapturedMessage> messages = SANDBOX.get().messages();
        assertEquals(1, messages.size());
        CapturedMessage m = messages.get(0);
        assertArrayEquals(mime.getBytes(StandardCharsets.UTF_8), m.rawMime());
        assertEquals(SENDER, m.mailbox());
        assertEquals(SENDER, m.from());
        assertEquals(List.of("alice@contoso.example", "bob@contoso.example"), m.to());
        assertEquals(List.of("shared@contoso.example"), m.cc());
        assertEquals(List.of("hidden@fabrikam.example"), m.bcc());
        assertEquals(List.of("alice@contoso.example", "bob@contoso.example", "shared@contoso.example",
            "hidden@fabrikam.example"), m.envelopeRecipients());
        assertEquals("Quarterly", m.subject());
        assertEquals("sendMail-mime", m.submittedVia());
        assertTrue(m.saveToSentItems());
        assertEquals(TestClient.CLIENT, m.clientId());
        assertEquals(List.of(new CapturedAttachment("r.pdf", "application/pdf", 9, false, null)), m.attachments());
    }

    @Test
    void attachmentNamesInEncodedWordsAndRfc2231AreDecodedAsExchangeShowsThem() {
        String mime = "From: sender@contoso.example\r\nTo: alice@contoso.example\r\nSubject: Names\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\n"
            + "Content-Type: text/plain\r\n\r\nFiles.\r\n--b1\r\n"
            + "Content-Type: application/pdf; name=\"=?UTF-8?B?w5xiZXJzaWNodC5wZGY=?=\"\r\n"
            + "Content-Disposition: attachment; filename=\"=?UTF-8?B?w5xiZXJzaWNodC5wZGY=?=\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b1\r\n"
            + "Content-Type: application/pdf\r\n"
            + "Content-Disposition: attachment; filename*0*=UTF-8''%E6%9D%B1%E4%BA%AC;\r\n filename*1*=.pdf\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b1--\r\n";
        HttpResponse<String> r = c.sendMime(SENDER, c.token(), mime);
        assertEquals(202, r.statusCode(), r.body());
        List<CapturedAttachment> attachments = SANDBOX.get().messages().get(0).attachments();
        assertEquals("\u00dcbersicht.pdf", attachments.get(0).name());
        assertEquals("\u6771\u4eac.pdf", attachments.get(1).name());
    }

    @Test
    void base64WithLineBreaksIsAcceptedAndBadBase64IsRejected() {
        String mime = simpleMime(SENDER, "bob@contoso.example", "wrapped");
        String wrapped = Base64.getMimeEncoder().encodeToString(mime.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = c.graph("POST", "/v1.0/users/" + SENDER + "/sendMail", c.token(), "text/plain",
            wrapped.getBytes(StandardCharsets.US_ASCII));
        assertEquals(202, r.statusCode(), r.body());
        r = c.graph("POST", "/v1.0/users/" + SENDER + "/sendMail", c.token(), "text/plain",
            "not base64 at all!".getBytes(StandardCharsets.US_ASCII));
        assertError(r, 400, "ErrorMimeContentInvalidBase64String");
        assertEquals("Invalid base64 string for MIME content.", json(r).at("/error/message").asText());
    }

    @Test
    void jsonSendMailBuildsMimeWithAttachmentsAndHonoursSaveToSentItems() {
        String json = "{\"message\":{\"subject\":\"Hi\",\"body\":{\"contentType\":\"HTML\",\"content\":\"<b>x</b>\"},"
            + "\"toRecipients\":[{\"emailAddress\":{\"address\":\"alice@contoso.example\",\"name\":\"Alice\"}}],"
            + "\"bccRecipients\":[{\"emailAddress\":{\"address\":\"bob@contoso.example\"}}],"
            + "\"internetMessageHeaders\":[{\"name\":\"x-custom\",\"value\":\"1\"}],"
            + "\"attachments\":[{\"@odata.type\":\"#microsoft.graph.fileAttachment\",\"name\":\"logo.png\","
            + "\"contentType\":\"image/png\",\"contentBytes\":\"AAEC\",\"isInline\":true,\"contentId\":\"logo\"}]},"
            + "\"saveToSentItems\":\"false\"}";
        HttpResponse<String> r = c.sendJson(SENDER, c.token(), json);
        assertEquals(202, r.statusCode(), r.body());
        CapturedMessage m = SANDBOX.get().messages().get(0);
        assertEquals("sendMail-json", m.submittedVia());
        assertFalse(m.saveToSentItems());
        assertEquals(List.of("alice@contoso.example"), m.to());
        assertEquals(List.of("bob@contoso.example"), m.bcc());
        assertEquals(SENDER, m.from());
        assertEquals(List.of(new CapturedAttachment("logo.png", "image/png", 3, true, "logo")), m.attachments());
        String raw = new String(m.rawMime(), StandardCharsets.UTF_8);
        assertTrue(raw.contains("x-custom: 1"), raw);
    }

    @Test
    void jsonSendMailKeepsTheRequestAsReceivedAndTakesABooleanSaveToSentItems() {
        String json = "{\"message\":{\"subject\":\"Grüße\",\"body\":{\"contentType\":\"text\",\"content\":\"x\"},"
            + "\"toRecipients\":[{\"emailAddress\":{\"address\":\"alice@contoso.example\"}}]},"
            + "\"saveToSentItems\":false}";
        HttpResponse<String> r = c.sendJson(SENDER, c.token(), json);
        assertEquals(202, r.statusCode(), r.body());
        CapturedMessage m = SANDBOX.get().messages().get(0);
        assertFalse(m.saveToSentItems());
        assertEquals(json, m.submittedJson(), "the JSON exactly as the client sent it");
        assertEquals("Grüße", m.subject());

        assertEquals(202, c.sendJson(SENDER, c.token(), json.replace(",\"saveToSentItems\":false", "")).statusCode());
        assertTrue(SANDBOX.get().messages().get(1).saveToSentItems(), "saveToSentItems defaults to true");
        assertEquals(null, sendMimeCapture().submittedJson(), "only JSON sends keep a JSON body");
    }

    private CapturedMessage sendMimeCapture() {
        assertEquals(202, c.sendMime(SENDER, c.token(), simpleMime(SENDER, "bob@contoso.example", "m")).statusCode());
        List<CapturedMessage> all = SANDBOX.get().messages();
        return all.get(all.size() - 1);
    }

    @Test
    void emptyOrMoreThanFiveInternetMessageHeadersFailAsReported() {
        String base = "{\"message\":{\"subject\":\"h\",\"toRecipients\":[{\"emailAddress\":{\"address\":"
            + "\"bob@contoso.example\"}}],\"internetMessageHeaders\":[%s]}}";
        String token = c.token();
        assertError(c.sendJson(SENDER, token, String.format(base, "")), 400, "InvalidInternetMessageHeaderCollection");
        StringBuilder six = new StringBuilder();
        for (int i = 1; i <= 6; i++) {
            six.append(i == 1 ? "" : ",").append("{\"name\":\"x-h").append(i).append("\",\"value\":\"v\"}");
        }
        assertError(c.sendJson(SENDER, token, String.format(base, six)), 400, "InvalidInternetMessageHeaderCollection");
        String five = six.substring(0, six.lastIndexOf(",{"));
        assertEquals(202, c.sendJson(SENDER, token, String.format(base, five)).statusCode());
        assertEquals(1, SANDBOX.get().messages().size());

        try (Sandbox lenient = Sandbox.start(SandboxConfig.demo().toBuilder().strictInternetMessageHeaders(false)
            .build())) {
            TestClient l = new TestClient(lenient);
            assertEquals(202, l.sendJson(SENDER, l.token(), String.format(base, six)).statusCode());
            assertEquals(202, l.sendJson(SENDER, l.token(), String.format(base, "")).statusCode());
        }
    }

    /** Graph's metadata spells the parameters Message and SaveToSentItems; the docs' examples message, saveToSentItems. */
    @Test
    void actionParameterNamesMatchWhateverTheirCase() {
        String token = c.token();
        String message = "{\"subject\":\"%s\",\"toRecipients\":[{\"emailAddress\":{\"address\":"
            + "\"bob@contoso.example\"}}]}";
        assertEquals(202, c.sendJson(SENDER, token, "{\"Message\":" + String.format(message, "sdk")
            + ",\"SaveToSentItems\":false}").statusCode());
        assertEquals(202, c.sendJson(SENDER, token, "{\"MESSAGE\":" + String.format(message, "upper")
            + ",\"savetosentitems\":\"true\"}").statusCode());
        List<CapturedMessage> got = SANDBOX.get().messages();
        assertEquals(List.of("sdk", "upper"), got.stream().map(CapturedMessage::subject).toList());
        assertFalse(got.get(0).saveToSentItems());
        assertTrue(got.get(1).saveToSentItems());

        HttpResponse<String> unknown = c.sendJson(SENDER, token, "{\"Message\":" + String.format(message, "x")
            + ",\"saveToDrafts\":true}");
        assertError(unknown, 400, "RequestBodyRead");
        assertTrue(json(unknown).at("/error/message").asText().contains("'saveToDrafts'"), unknown.body());
        assertError(c.sendJson(SENDER, token, "{\"Message\":" + String.format(message, "x") + ",\"message\":"
            + String.format(message, "y") + "}"), 400, "RequestBodyRead");
        assertEquals(2, SANDBOX.get().messages().size());
    }

    @Test
    void jsonErrors() {
        String token = c.token();
        assertError(c.sendJson(SENDER, token, "{\"message\":{\"subject\":\"x\",\"toRecipients\":[{\"emailAddress\":"
            + "{\"address\":\"bob@contoso.example\"}}],\"internetMessageHeaders\":[{\"name\":\"Sender\",\"value\":"
            + "\"x\"}]}}"), 400, "InvalidInternetMessageHeader");
        assertError(c.sendJson(SENDER, token, "{\"message\":{\"subjekt\":\"x\"}}"), 400, "RequestBodyRead");
        assertError(c.sendJson(SENDER, token, "{\"message\":{\"subject\":\"x\"},\"saveToSentItems\":\"maybe\"}"),
            400, "RequestBodyRead");
        assertError(c.sendJson(SENDER, token, "{not json"), 400, "BadRequest");
    }

    @Test
    void recipientErrors() {
        String token = c.token();
        HttpResponse<String> r = c.sendMime(SENDER, token, "From: sender@contoso.example\r\nSubject: none\r\n\r\nx");
        assertError(r, 400, "ErrorInvalidRecipients");
        assertTrue(json(r).at("/error/message").asText().contains("contains no recipients."));
        r = c.sendMime(SENDER, token, simpleMime(SENDER, "bob@contoso.example, nobody@contoso.example", "x"));
        assertError(r, 400, "ErrorInvalidRecipients");
        assertEquals("At least one recipient isn't valid., Recipient \"nobody@contoso.example\" isn't resolved to "
            + "any email address.", json(r).at("/error/message").asText());
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 501; i++) {
            many.append(i == 0 ? "" : ", ").append("r").append(i).append("@fabrikam.example");
        }
        assertError(c.sendMime(SENDER, token, simpleMime(SENDER, many.toString(), "x")), 400,
            "ErrorTooManyRecipients");
        assertTrue(SANDBOX.get().messages().isEmpty());
    }

    @Test
    void sendAsNeedsAGrant() {
        String token = c.token();
        HttpResponse<String> r = c.sendMime(SENDER, token, simpleMime("alice@contoso.example", "bob@contoso.example",
            "x"));
        assertError(r, 403, "ErrorSendAsDenied");
        assertEquals("The user account which was used to submit this request does not have the right to send mail "
            + "on behalf of the specified sending account. Cannot submit message.",
            json(r).at("/error/message").asText());
        assertEquals(202, c.sendMime(SENDER, token, simpleMime("Shared@Contoso.example", "bob@contoso.example", "as"))
            .statusCode());
        assertEquals(202, c.sendMime("alice@contoso.example", token, simpleMime("bob@contoso.example",
            "sender@contoso.example", "behalf")).statusCode());
        assertEquals(2, SANDBOX.get().messages().size());
    }

    @Test
    void mailboxErrorsAndMe() {
        String token = c.token();
        String mime = simpleMime("x@contoso.example", "bob@contoso.example", "x");
        HttpResponse<String> r = c.sendMime("ghost@contoso.example", token, mime);
        assertError(r, 404, "ErrorInvalidUser");
        assertEquals("The requested user 'ghost@contoso.example' is invalid.", json(r).at("/error/message").asText());
        assertError(c.sendMime("gone@contoso.example", token, mime), 404, "MailboxNotEnabledForRESTAPI");
        r = c.graph("POST", "/v1.0/me/sendMail", token, "text/plain", "eA==".getBytes(StandardCharsets.US_ASCII));
        assertError(r, 400, "BadRequest");
        assertEquals("/me request is only valid with delegated authentication flow.",
            json(r).at("/error/message").asText());
    }

    @Test
    void permissionsAndAccessPolicy() {
        String mime = simpleMime("alice@contoso.example", "bob@contoso.example", "x");
        HttpResponse<String> r = c.sendMime("alice@contoso.example", c.token(SEND_ONLY, "s",
            "https://graph.microsoft.com/.default"), mime);
        assertError(r, 403, "ErrorAccessDenied");
        assertEquals("Access is denied. Check credentials and try again.", json(r).at("/error/message").asText());
        String policyToken = c.token(POLICY, "s", "https://graph.microsoft.com/.default");
        assertEquals(202, c.sendMime("alice@contoso.example", policyToken, mime).statusCode());
        r = c.sendMime(SENDER, policyToken, simpleMime(SENDER, "bob@contoso.example", "x"));
        assertError(r, 403, "ErrorAccessDenied");
        assertEquals("Access to OData is disabled: Blocked by tenant configured AppOnly AccessPolicy settings.",
            json(r).at("/error/message").asText());
    }

    @Test
    void badTokensAre401WithWwwAuthenticate() {
        String mime = simpleMime(SENDER, "bob@contoso.example", "x");
        HttpResponse<String> r = c.sendMime(SENDER, null, mime);
        assertError(r, 401, "InvalidAuthenticationToken");
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertError(c.sendMime(SENDER, "garbage", mime), 401, "InvalidAuthenticationToken");
        String good = c.token();
        String tampered = good.substring(0, good.length() - 4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertError(c.sendMime(SENDER, tampered, mime), 401, "InvalidAuthenticationToken");
        r = c.sendMime(SENDER, c.token(SHORT, "s", "https://graph.microsoft.com/.default"), mime);
        assertError(r, 401, "InvalidAuthenticationToken");
        assertEquals("Access token has expired or is not yet valid.", json(r).at("/error/message").asText());
        r = c.sendMime(SENDER, c.token(TestClient.CLIENT, TestClient.SECRET, "https://outlook.office365.com/.default"),
            mime);
        assertError(r, 401, "InvalidAuthenticationToken");
        assertEquals("Access token validation failure. Invalid audience.", json(r).at("/error/message").asText());
        assertTrue(SANDBOX.get().messages().isEmpty());
    }

    @Test
    void revokedTokensAre401UntilANewOneIsIssued() {
        String token = c.token();
        String mime = simpleMime(SENDER, "bob@contoso.example", "x");
        assertEquals(202, c.sendMime(SENDER, token, mime).statusCode());
        SANDBOX.get().revokeIssuedTokens();
        assertError(c.sendMime(SENDER, token, mime), 401, "InvalidAuthenticationToken");
        assertEquals(202, c.sendMime(SENDER, c.token(), mime).statusCode());
    }

    @Test
    void oversizedRequestIs400ByDefault() {
        byte[] big = new byte[4 * 1024 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) 'A');
        HttpResponse<String> r = c.graph("POST", "/v1.0/users/" + SENDER + "/sendMail", c.token(), "text/plain", big);
        assertError(r, 400, "BadRequest");
        assertEquals("The maximum request length supported is 4MB.", json(r).at("/error/message").asText());
    }

    @Test
    void requestIdsAndClientRequestIdEcho() {
        HttpResponse<String> r = c.graph("POST", "/v1.0/users/ghost@contoso.example/sendMail", c.token(),
            "text/plain", "eA==".getBytes(StandardCharsets.US_ASCII), "client-request-id",
            "7e6a1c1e-0000-4000-8000-000000000000");
        String requestId = r.headers().firstValue("request-id").orElseThrow();
        assertEquals(36, requestId.length());
        assertEquals("7e6a1c1e-0000-4000-8000-000000000000", r.headers().firstValue("client-request-id").orElseThrow());
        JsonNode inner = json(r).at("/error/innerError");
        assertEquals(requestId, inner.get("request-id").asText());
        assertEquals("7e6a1c1e-0000-4000-8000-000000000000", inner.get("client-request-id").asText());
        assertTrue(inner.has("date"));
        HttpResponse<String> ok = c.sendMime(SENDER, c.token(), simpleMime(SENDER, "bob@contoso.example", "x"));
        assertTrue(ok.headers().firstValue("request-id").isPresent());
    }

    @Test
    void mailboxByObjectIdAndCaseInsensitive() {
        String token = c.token();
        assertEquals(202, c.sendMime("SENDER@contoso.EXAMPLE", token, simpleMime(SENDER, "bob@contoso.example", "x"))
            .statusCode());
        assertEquals(202, c.sendMime(GraphRouter.objectId(SENDER), token, simpleMime(SENDER, "bob@contoso.example",
            "y")).statusCode());
        assertEquals(SENDER, SANDBOX.get().messages().get(1).mailbox());
    }

    static void assertError(HttpResponse<String> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(code, code(r), r.body());
        assertTrue(r.headers().firstValue("request-id").isPresent());
    }
}
