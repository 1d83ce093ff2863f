package io.graphmail.sandbox;

import static io.graphmail.sandbox.TestClient.CLIENT;
import static io.graphmail.sandbox.TestClient.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SMTP faults: what a client sees after it sent a whole message, and whether the sandbox kept it. */
class SmtpFaultsTest {
    static final String SENDER = "sender@contoso.example";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    private final Sandbox sandbox = SANDBOX.get();
    private final TestClient http = new TestClient(sandbox);
    private final SmtpTestClient smtp = new SmtpTestClient(sandbox);

    /** @return the failure of one send on a fresh authenticated connection */
    private MessagingException failedSend() throws Exception {
        SMTPTransport t = smtp.authenticated(SENDER, http.token(CLIENT, SECRET, SmtpEndpointTest.OUTLOOK));
        try {
            MimeMessage m = smtp.message(smtp.session(false, true), SENDER, "bob@contoso.example", null, null, "f");
            return assertThrows(MessagingException.class, () -> SmtpTestClient.send(t, m));
        } finally {
            try {
                t.close();
            } catch (MessagingException closedByTheServer) {
                // the server dropped or closed the connection: that is the fault under test
            }
        }
    }

    private void send() throws Exception {
        try (SMTPTransport t = smtp.authenticated(SENDER, http.token(CLIENT, SECRET, SmtpEndpointTest.OUTLOOK))) {
            SmtpTestClient.send(t, smtp.message(smtp.session(false, true), SENDER, "bob@contoso.example", null, null,
                "ok"));
        }
    }

    @Test
    void aDropAfterTheMessageWasAcceptedLeavesTheClientWithoutAnAnswerAndTheMessageCaptured() throws Exception {
        HttpResponse<String> armed = http.send(HttpRequest.newBuilder(
                URI.create(sandbox.baseUrl() + "/sandbox/admin/faults")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"fault\": \"reset-after-accept\", \"target\": \"smtp\"}"))
            .build());
        assertEquals(204, armed.statusCode(), armed.body());
        assertEquals(List.of("smtp message: connection dropped after the data, message accepted"),
            sandbox.faults().describe());
        MessagingException e = failedSend();
        assertTrue(!String.valueOf(e.getMessage()).matches("(?s).*\\b[245]\\d\\d .*"), "no SMTP answer: " + e);
        assertEquals(1, sandbox.messages().size());
        assertEquals(0, sandbox.faults().queued());
    }

    @Test
    void aDropBeforeTheMessageWasAcceptedLooksTheSameToTheClientButNothingIsCaptured() throws Exception {
        sandbox.faults().nextSmtpMessages(1, Fault.resetBeforeAccept());
        MessagingException e = failedSend();
        assertTrue(!String.valueOf(e.getMessage()).matches("(?s).*\\b[245]\\d\\d .*"), "no SMTP answer: " + e);
        assertEquals(0, sandbox.messages().size());
    }

    @Test
    void serviceNotAvailableRefusesTheMessageAndClosesTheConnection() throws Exception {
        sandbox.faults().nextSmtpMessages(1, Fault.serviceUnavailable(null));
        MessagingException e = failedSend();
        assertTrue(String.valueOf(e.getMessage()).contains("421 4.3.2"), e.toString());
        assertEquals(0, sandbox.messages().size());
    }

    @Test
    void aTemporaryFailureRefusesTheMessageAndTheNextTryIsAccepted() throws Exception {
        sandbox.faults().nextSmtpMessages(1, Fault.throttle(null));
        MessagingException e = failedSend();
        assertTrue(String.valueOf(e.getMessage()).contains(SmtpReplies.TEMPORARY_FAILURE), e.toString());
        assertEquals(0, sandbox.messages().size());
        send();
        assertEquals(1, sandbox.messages().size());
    }

    @Test
    void smtpFaultsDoNotTouchGraphRequests() throws Exception {
        sandbox.faults().nextSmtpMessages(1, Fault.throttle(null));
        HttpResponse<String> r = http.sendMime(SENDER, http.token(), TestClient.simpleMime(SENDER,
            "bob@contoso.example", "graph"));
        assertEquals(202, r.statusCode(), r.body());
        assertEquals(1, sandbox.faults().queued());
    }
}
