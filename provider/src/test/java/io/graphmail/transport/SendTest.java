package io.graphmail.transport;

import io.graphmail.sandbox.CapturedMessage;
import io.graphmail.sandbox.Sandbox;
import io.graphmail.sandbox.SandboxExtension;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.event.TransportAdapter;
import jakarta.mail.event.TransportEvent;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sending through the sandbox: what Graph receives is what the application wrote. */
class SendTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    private static Sandbox sandbox() {
        return SANDBOX.get();
    }

    @Test
    void staticTransportSendGoesThroughGraphWithTheExactMime() throws Exception {
        Session session = Session.getInstance(Demo.properties(sandbox()));
        MimeMessage m = Demo.message(session, Demo.SENDER, "Quarterly report", Demo.ALICE);
        m.addRecipient(Message.RecipientType.CC, new InternetAddress(Demo.BOB));
        m.addRecipient(Message.RecipientType.BCC, new InternetAddress("carol@contoso.example"));

        Transport.send(m);

        List<CapturedMessage> captured = sandbox().messages();
        assertEquals(1, captured.size());
        CapturedMessage c = captured.get(0);
        assertEquals(Demo.SENDER, c.mailbox());
        assertEquals(Demo.SENDER, c.from());
        assertEquals(List.of(Demo.ALICE), c.to());
        assertEquals(List.of(Demo.BOB), c.cc());
        assertEquals(List.of("carol@contoso.example"), c.bcc(), "Bcc must reach Graph, which delivers and strips it");
        assertEquals("Quarterly report", c.subject());
        assertEquals("sendMail-mime", c.submittedVia());
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        m.writeTo(expected);
        assertArrayEquals(expected.toByteArray(), c.rawMime(), "the submitted MIME must be the message's own bytes");
    }

    @Test
    void nonAsciiSubjectAndBodySurvive() throws Exception {
        Session session = Session.getInstance(Demo.properties(sandbox()));
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(Demo.SENDER, "Zoë Ångström", "UTF-8"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(Demo.ALICE));
        m.setSubject("Grüße — 你好", "UTF-8");
        m.setText("Ça marche: 東京\r\n", "UTF-8");
        Transport.send(m);
        CapturedMessage c = sandbox().messages().get(0);
        assertEquals("Grüße — 你好", c.subject());
        MimeMessage received = new MimeMessage(session, new ByteArrayInputStream(c.rawMime()));
        assertEquals("Ça marche: 東京\r\n", received.getContent());
        assertEquals("Zoë Ångström", ((InternetAddress) received.getFrom()[0]).getPersonal());
    }

    @Test
    void envelopeDifferentFromHeadersIsWhatGetsDelivered() throws Exception {
        Session session = Session.getInstance(Demo.properties(sandbox()));
        MimeMessage m = Demo.message(session, Demo.SENDER, "Envelope", Demo.ALICE, Demo.BOB);
        m.saveChanges();
        Transport.send(m, new Address[]{new InternetAddress(Demo.ALICE), new InternetAddress("dave@contoso.example")});
        CapturedMessage c = sandbox().messages().get(0);
        assertEquals(List.of(Demo.ALICE), c.to(), "Bob is not in the envelope: he must not receive it");
        assertEquals(List.of("dave@contoso.example"), c.bcc(), "Dave is only in the envelope: a hidden recipient");
        assertFalse(new String(c.rawMime(), StandardCharsets.US_ASCII).contains(Demo.BOB));
    }

    @Test
    void deliveredEventReportsTheRecipients() throws Exception {
        Session session = Session.getInstance(Demo.properties(sandbox()));
        MimeMessage m = Demo.message(session, Demo.SENDER, "Events", Demo.ALICE);
        m.saveChanges();
        List<TransportEvent> events = new CopyOnWriteArrayList<>();
        CountDownLatch delivered = new CountDownLatch(1);
        Transport t = session.getTransport();
        t.addTransportListener(new TransportAdapter() {
            @Override
            public void messageDelivered(TransportEvent e) {
                events.add(e);
                delivered.countDown();
            }
        });
        t.connect();
        try {
            t.sendMessage(m, m.getAllRecipients());
            // Jakarta Mail delivers events on its own thread and may drop those still queued when close() comes first
            assertTrue(delivered.await(10, TimeUnit.SECONDS));
        } finally {
            t.close();
        }
        assertEquals(Demo.ALICE, ((InternetAddress) events.get(0).getValidSentAddresses()[0]).getAddress());
        assertTrue(((GraphTransport) t).lastRequestId() != null, "Graph's request-id is kept for support");
    }

    @Test
    void mailboxIsTheConfiguredUserElseTheFrom() throws Exception {
        Properties p = Demo.properties(sandbox());
        p.setProperty("mail.graph.user", Demo.SENDER);
        Session session = Session.getInstance(p);
        Transport.send(Demo.message(session, Demo.SHARED, "Send As shared", Demo.ALICE));
        CapturedMessage c = sandbox().messages().get(0);
        assertEquals(Demo.SENDER, c.mailbox());
        assertEquals(Demo.SHARED, c.from());
    }

    @Test
    void sendAsWithoutTheGrantExplainsWhatToGrant() throws Exception {
        Properties p = Demo.properties(sandbox());
        p.setProperty("mail.graph.user", Demo.ALICE);
        Session session = Session.getInstance(p);
        SendFailedException e = assertThrows(SendFailedException.class,
                () -> Transport.send(Demo.message(session, Demo.BOB, "Not allowed", Demo.SENDER)));
        assertTrue(e.getMessage().contains("ErrorSendAsDenied"), e.getMessage());
        assertTrue(e.getMessage().contains("Add-RecipientPermission"), e.getMessage());
        assertTrue(e.getMessage().contains("request-id"), e.getMessage());
        assertEquals(0, sandbox().messages().size());
        assertEquals(1, e.getValidUnsentAddresses().length);
    }

    @Test
    void unresolvableRecipientIsReportedAsInvalid() throws Exception {
        Session session = Session.getInstance(Demo.properties(sandbox()));
        SendFailedException e = assertThrows(SendFailedException.class,
                () -> Transport.send(Demo.message(session, Demo.SENDER, "Bad rcpt", Demo.ALICE, Demo.UNRESOLVABLE)));
        assertTrue(e.getMessage().contains("ErrorInvalidRecipients"), e.getMessage());
        assertEquals(1, e.getInvalidAddresses().length);
        assertEquals(Demo.UNRESOLVABLE, ((InternetAddress) e.getInvalidAddresses()[0]).getAddress());
        assertEquals(Demo.ALICE, ((InternetAddress) e.getValidUnsentAddresses()[0]).getAddress());
        assertEquals(0, sandbox().messages().size());
    }

    @Test
    void unknownMailboxIsNamed() throws Exception {
        Session session = Session.getInstance(Demo.properties(sandbox()));
        SendFailedException e = assertThrows(SendFailedException.class,
                () -> Transport.send(Demo.message(session, "ghost@contoso.example", "Who", Demo.ALICE)));
        assertTrue(e.getMessage().contains("ghost@contoso.example"), e.getMessage());
        assertTrue(e.getMessage().contains("mail.graph.user"), e.getMessage());
    }

    @Test
    void fromOutsideTheAllowedListIsRefusedBeforeSending() throws Exception {
        Properties p = Demo.properties(sandbox());
        p.setProperty("mail.graph.from.allowed", "@fabrikam.example");
        Session session = Session.getInstance(p);
        SendFailedException e = assertThrows(SendFailedException.class,
                () -> Transport.send(Demo.message(session, Demo.SENDER, "From", Demo.ALICE)));
        assertTrue(e.getMessage().contains("mail.graph.from.allowed"), e.getMessage());
        assertEquals(0, sandbox().messages().size());
    }

    @Test
    void moreThan500RecipientsFailsBeforeAnythingIsSent() throws Exception {
        Session session = Session.getInstance(Demo.properties(sandbox()));
        MimeMessage m = Demo.message(session, Demo.SENDER, "Too many", Demo.ALICE);
        List<InternetAddress> many = new ArrayList<>();
        for (int i = 0; i < 501; i++) many.add(new InternetAddress("r" + i + "@contoso.example"));
        m.setRecipients(Message.RecipientType.BCC, many.toArray(new InternetAddress[0]));
        m.setRecipient(Message.RecipientType.TO, many.get(0));
        SendFailedException e = assertThrows(SendFailedException.class, () -> Transport.send(m));
        assertTrue(e.getMessage().contains("at most 500"), e.getMessage());
        assertEquals(0, sandbox().messages().size());
    }

    @Test
    void secretFromConnectPasswordOrAuthenticator() throws Exception {
        Properties p = Demo.freshProperties(sandbox());
        p.remove("mail.graph.client.secret");
        Session session = Session.getInstance(p);
        Transport.send(Demo.message(session, Demo.SENDER, "Password", Demo.ALICE), Demo.SENDER, Demo.SECRET);

        Session withAuthenticator = Session.getInstance(p, new jakarta.mail.Authenticator() {
            @Override
            protected jakarta.mail.PasswordAuthentication getPasswordAuthentication() {
                return new jakarta.mail.PasswordAuthentication(Demo.SENDER, Demo.SECRET);
            }
        });
        Transport.send(Demo.message(withAuthenticator, Demo.SENDER, "Authenticator", Demo.ALICE));
        assertEquals(2, sandbox().messages().size());
    }
}
