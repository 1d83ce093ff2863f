package io.graphmail.sandbox;

import static io.graphmail.sandbox.TestClient.CLIENT;
import static io.graphmail.sandbox.TestClient.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The AUTH exchanges byte by byte, over a plain socket upgraded with STARTTLS: what a client library hides (the
 * {@code 334 } prompt, cancelling, malformed responses, a second AUTH).
 */
class SmtpAuthProtocolTest {
    static final String SENDER = "sender@contoso.example";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    /** A line-oriented SMTP client over a socket, enough to speak to the server by hand. */
    private static final class Wire implements AutoCloseable {
        private Socket socket;
        private BufferedReader in;
        private OutputStream out;

        Wire(Sandbox sandbox) throws IOException {
            use(new Socket(sandbox.smtpHost(), sandbox.smtpPort()));
            socket.setSoTimeout(10_000);
        }

        private void use(Socket s) throws IOException {
            socket = s;
            in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            out = s.getOutputStream();
        }

        /** @return every line of the next reply */
        List<String> reply() throws IOException {
            List<String> lines = new ArrayList<>();
            String line;
            do {
                line = in.readLine();
                if (line == null) {
                    throw new IOException("connection closed after " + lines);
                }
                lines.add(line);
            } while (line.length() > 3 && line.charAt(3) == '-');
            return lines;
        }

        String send(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return String.join("\n", reply());
        }

        void starttls(Sandbox sandbox) throws IOException {
            assertTrue(send("STARTTLS").startsWith("220"));
            SSLSocket tls = (SSLSocket) sandbox.clientSslContext().getSocketFactory()
                .createSocket(socket, sandbox.smtpHost(), sandbox.smtpPort(), true);
            tls.startHandshake();
            use(tls);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theAuthExchangesAnswerAsExchangeDoes() throws Exception {
        Sandbox sandbox = SANDBOX.get();
        String token = new TestClient(sandbox).token(CLIENT, SECRET, SmtpEndpointTest.OUTLOOK);
        try (Wire w = new Wire(sandbox)) {
            assertTrue(String.join("", w.reply()).startsWith("220 "));
            String ehlo = w.send("EHLO client.example");
            assertTrue(ehlo.contains("STARTTLS"), ehlo);
            assertFalse(ehlo.contains("AUTH"), "no AUTH offered before STARTTLS: " + ehlo);
            assertEquals(SmtpReplies.UNRECOGNIZED_MECHANISM, w.send("AUTH XOAUTH2"));

            w.starttls(sandbox);
            ehlo = w.send("EHLO client.example");
            assertTrue(ehlo.contains("250-AUTH LOGIN XOAUTH2"), ehlo);
            assertEquals(SmtpReplies.UNRECOGNIZED_MECHANISM, w.send("AUTH PLAIN " + b64("\0" + SENDER + "\0pw")));
            assertEquals("334 ", w.send("AUTH XOAUTH2"));
            assertEquals(SmtpReplies.AUTH_CANCELLED, w.send("*"));
            assertEquals(SmtpReplies.CANNOT_DECODE, w.send("AUTH XOAUTH2 not*base64"));
            assertEquals(SmtpReplies.INVALID_XOAUTH2, w.send("AUTH XOAUTH2 " + b64("user=" + SENDER)));
            assertEquals("334 VXNlcm5hbWU6", w.send("AUTH LOGIN"));
            assertEquals("334 UGFzc3dvcmQ6", w.send(b64(SENDER)));
            assertEquals(SmtpReplies.BASIC_AUTH_DISABLED, w.send(b64("password")));
            assertEquals(SmtpReplies.NOT_AUTHENTICATED, w.send("MAIL FROM:<" + SENDER + ">"));

            assertEquals("334 ", w.send("AUTH XOAUTH2"));
            String response = SmtpTestClient.sasl(SENDER, token);
            assertTrue(response.length() > SmtpEndpoint.COMMAND_LINE_LIMIT, "a continuation line over the limit");
            assertEquals(SmtpReplies.AUTH_OK, w.send(response));
            assertEquals(SmtpReplies.ALREADY_AUTHENTICATED, w.send("AUTH XOAUTH2"));
            assertTrue(w.send("MAIL FROM:<" + SENDER + ">").startsWith("250"));
            assertTrue(w.send("RCPT TO:<bob@contoso.example>").startsWith("250"));
            assertTrue(w.send("DATA").startsWith("354"));
            String queued = w.send("Subject: by hand\r\nFrom: " + SENDER
                + "\r\nTo: bob@contoso.example\r\n\r\nhi\r\n.");
            assertTrue(queued.startsWith("250 2.6.0 <"), queued);
            assertTrue(queued.endsWith("Queued mail for delivery"), queued);
            assertTrue(w.send("QUIT").startsWith("221"));
        }
        assertEquals(1, sandbox.messages().size());
        assertEquals("by hand", sandbox.messages().get(0).subject());
    }

    @Test
    void aCommandLineOverTheLimitIsRefusedAndTheConnectionClosed() throws Exception {
        Sandbox sandbox = SANDBOX.get();
        try (Wire w = new Wire(sandbox)) {
            w.reply();
            w.send("EHLO client.example");
            w.starttls(sandbox);
            w.send("EHLO client.example");
            String answer = w.send("AUTH XOAUTH2 " + "A".repeat(SmtpEndpoint.COMMAND_LINE_LIMIT));
            assertTrue(answer.startsWith("501 "), answer);
            IOException closed = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, w::reply);
            assertTrue(closed.getMessage().startsWith("connection closed"), closed.getMessage());
        }
    }
}
