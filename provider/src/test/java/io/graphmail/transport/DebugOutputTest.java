package io.graphmail.transport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphmail.sandbox.SandboxExtension;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code mail.debug} shows what graphmail does, as Angus does for SMTP, and never a secret, token or body. */
class DebugOutputTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    @Test
    void mailDebugPrintsRequestsStatusAndRequestIdOnTheSessionsDebugStream() throws Exception {
        Properties p = Demo.properties(SANDBOX.get());
        Session session = Session.getInstance(p);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        session.setDebugOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        session.setDebug(true);   // what mail.debug=true sets, here after the stream so the test keeps stdout clean
        MimeMessage m = Demo.message(session, Demo.SENDER, "debug me", Demo.ALICE);
        m.setText("the secret body text", "UTF-8");

        Transport.send(m);

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("DEBUG graph: POST /users/" + Demo.SENDER + "/sendMail (MIME"), out);
        assertTrue(out.contains("accepted, request-id "), out);
        assertTrue(out.matches("(?s).*request-id [0-9a-f-]{36}.*"), out);
        assertFalse(out.contains(Demo.SECRET), "no secret: " + out);
        assertFalse(out.contains("Bearer") || out.contains("eyJ"), "no token: " + out);
        assertFalse(out.contains("the secret body text"), "no body: " + out);
    }

    @Test
    void withoutDebugNothingIsPrinted() throws Exception {
        Properties p = Demo.properties(SANDBOX.get());
        Session session = Session.getInstance(p);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        session.setDebugOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Transport.send(Demo.message(session, Demo.SENDER, "quiet", Demo.ALICE));
        assertFalse(bytes.toString(StandardCharsets.UTF_8).contains("DEBUG graph"));
    }
}
