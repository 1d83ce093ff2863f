package io.graphmail.transport;

import io.graphmail.api.UncertainDeliveryException;
import io.graphmail.sandbox.App;
import io.graphmail.sandbox.CapturedAttachment;
import io.graphmail.sandbox.CapturedMessage;
import io.graphmail.sandbox.Fault;
import io.graphmail.sandbox.Sandbox;
import io.graphmail.sandbox.SandboxConfig;
import io.graphmail.sandbox.SandboxExtension;
import jakarta.activation.DataHandler;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Messages over Graph's 4 MB request limit: a draft, upload sessions, a send; nothing left behind on failure. */
class LargeMessageTest {

    static final String SEND_ONLY_APP = "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d";
    static final int MB = 1024 * 1024;

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.demo().toBuilder()
            .app(App.builder(SEND_ONLY_APP).secret("send-only-secret").roles("Mail.Send").build())
            .build());

    private static Sandbox sandbox() {
        return SANDBOX.get();
    }

    @AfterEach
    void nothingLeftBehind() {
        assertEquals(0, sandbox().drafts(), "no draft may be left in the mailbox");
        assertEquals(0, sandbox().openUploadSessions(), "no upload session may be left open");
    }

    static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static MimeBodyPart attachment(String name, String type, byte[] content) throws Exception {
        MimeBodyPart p = new MimeBodyPart();
        p.setDataHandler(new DataHandler(new ByteArrayDataSource(content, type)));
        p.setFileName(name);
        p.setDisposition(Part.ATTACHMENT);
        return p;
    }

    static MimeMessage withParts(Session session, String subject, MimeBodyPart... parts) throws Exception {
        MimeMessage m = Demo.message(session, Demo.SENDER, subject, Demo.ALICE);
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("See the attached report.\r\n", "UTF-8");
        mixed.addBodyPart(text);
        for (MimeBodyPart p : parts) mixed.addBodyPart(p);
        m.setContent(mixed);
        return m;
    }

    static CapturedAttachment named(CapturedMessage c, String name) {
        return c.attachments().stream().filter(a -> name.equals(a.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no attachment " + name + " in " + c.attachments()));
    }

    static byte[] content(MimeMessage received, String name) throws Exception {
        Multipart mp = (Multipart) received.getContent();
        for (int i = 0; i < mp.getCount(); i++) {
            Part p = mp.getBodyPart(i);
            if (name.equals(p.getFileName())) {
                try (InputStream in = p.getInputStream()) {
                    return in.readAllBytes();
                }
            }
        }
        throw new AssertionError("no part " + name);
    }

    static String text(Part p) throws Exception {
        if (p.isMimeType("text/plain") && p.getFileName() == null) return (String) p.getContent();
        if (p.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                String t = text(mp.getBodyPart(i));
                if (t != null) return t;
            }
        }
        return null;
    }

    @Test
    void largeAttachmentAndInlineImageGoThroughUploadSessions() throws Exception {
        Session session = Session.getInstance(Demo.properties(sandbox()));
        byte[] report = bytes(10 * MB, 1);
        byte[] logo = bytes(5 * MB, 2);
        MimeBodyPart image = new MimeBodyPart();
        image.setDataHandler(new DataHandler(new ByteArrayDataSource(logo, "image/png")));
        image.setFileName("logo.png");
        image.setDisposition(Part.INLINE);
        image.setContentID("<logo@graphmail.test>");
        MimeMessage m = withParts(session, "Large", attachment("report.pdf", "application/pdf", report), image);

        Transport.send(m);

        List<CapturedMessage> captured = sandbox().messages();
        assertEquals(1, captured.size());
        CapturedMessage c = captured.get(0);
        assertEquals("draft", c.submittedVia());
        assertEquals("Large", c.subject());
        assertEquals(List.of(Demo.ALICE), c.to());
        assertEquals(2, c.attachments().size(), c.attachments().toString());
        CapturedAttachment pdf = named(c, "report.pdf");
        assertEquals(10L * MB, pdf.size());
        assertEquals("application/pdf", pdf.contentType());
        assertFalse(pdf.inline());
        CapturedAttachment png = named(c, "logo.png");
        assertEquals(5L * MB, png.size());
        assertTrue(png.inline());
        assertEquals("logo@graphmail.test", png.contentId());
        MimeMessage received = new MimeMessage(session, new ByteArrayInputStream(c.rawMime()));
        assertEquals("See the attached report.\r\n", text(received));
        assertArrayEquals(sha256(report), sha256(content(received, "report.pdf")), "the bytes arrive unchanged");
        assertArrayEquals(sha256(logo), sha256(content(received, "logo.png")));
        assertEquals(3, ((Multipart) m.getContent()).getCount(), "the caller's message keeps all its parts");
    }

    @Test
    void anAttachmentJustUnderThreeMegabytesGoesInOneRequestWhileItsJsonFits() throws Exception {
        Session session = Session.getInstance(Demo.properties(sandbox()));
        byte[] data = bytes(3 * MB - 200, 5);
        Transport.send(withParts(session, "Edge", attachment("edge.bin", "application/octet-stream", data)));
        CapturedMessage c = sandbox().messages().get(0);
        assertEquals(3L * MB - 200, named(c, "edge.bin").size());
    }

    @Test
    void anAttachmentInTheGapBetweenTheTwoWaysFailsSayingWhy() throws Exception {
        Session session = Session.getInstance(Demo.properties(sandbox()));
        // its JSON is a few bytes over 4 MB, and the sandbox, like the documentation, opens no upload session under 3 MB
        MimeMessage m = withParts(session, "Gap", attachment("gap.bin", "application/octet-stream",
                bytes(3 * MB - 20, 6)));
        SendFailedException e = assertThrows(SendFailedException.class, () -> Transport.send(m));
        assertTrue(e.getMessage().contains("ErrorAttachmentSizeShouldNotBeLessThanMinimumSize"), e.getMessage());
        assertTrue(e.getMessage().contains("'gap.bin' (" + (3 * MB - 20) + " bytes) falls between"), e.getMessage());
        assertEquals(0, sandbox().messages().size());
    }

    @Test
    void manyMediumAttachmentsAreAddedUntilTheDraftFits() throws Exception {
        Session session = Session.getInstance(Demo.properties(sandbox()));
        MimeBodyPart[] parts = new MimeBodyPart[4];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = attachment("part" + i + ".bin", "application/octet-stream", bytes(2 * MB, 10 + i));
        }
        Transport.send(withParts(session, "Medium", parts));
        CapturedMessage c = sandbox().messages().get(0);
        assertEquals(4, c.attachments().size(), c.attachments().toString());
        for (int i = 0; i < parts.length; i++) {
            assertEquals(2L * MB, named(c, "part" + i + ".bin").size());
        }
    }

    @Test
    void nonAsciiFileNamesSurvive() throws Exception {
        Session session = Session.getInstance(Demo.properties(sandbox()));
        String name = "Übersicht 東京 — Q3.pdf";
        Transport.send(withParts(session, "Names", attachment(name, "application/pdf", bytes(4 * MB, 3))));
        CapturedMessage c = sandbox().messages().get(0);
        assertEquals(4L * MB, named(c, name).size());
    }

    @Test
    void failedSendDeletesTheDraft() throws Exception {
        Session session = Session.getInstance(Demo.properties(sandbox()));
        MimeMessage m = withParts(session, "Unresolvable", attachment("a.bin", "application/octet-stream",
                bytes(4 * MB, 4)));
        m.addRecipient(Message.RecipientType.TO, new InternetAddress(Demo.UNRESOLVABLE));
        SendFailedException e = assertThrows(SendFailedException.class, () -> Transport.send(m));
        assertTrue(e.getMessage().contains("ErrorInvalidRecipients"), e.getMessage());
        assertTrue(e.getMessage().contains("request-id"), e.getMessage());
        assertEquals(1, e.getInvalidAddresses().length);
        assertEquals(0, sandbox().messages().size());
        // @AfterEach: no draft, no upload session left
    }

    @Test
    void serviceUnavailableOnTheSendDeletesTheDraft() throws Exception {
        Properties p = Demo.properties(sandbox());
        p.setProperty("mail.graph.retries", "0");
        Session session = Session.getInstance(p);
        MimeMessage m = withParts(session, "503", attachment("a.bin", "application/octet-stream", bytes(4 * MB, 5)));
        // create draft, createUploadSession: untouched; the send: 503
        sandbox().faults().next(2, Fault.latency(Duration.ZERO));
        sandbox().faults().next(1, Fault.serviceUnavailable(null));
        SendFailedException e = assertThrows(SendFailedException.class, () -> Transport.send(m));
        assertTrue(e.getMessage().contains("503 ServiceUnavailable"), e.getMessage());
        assertEquals(0, sandbox().messages().size());
    }

    @Test
    void overMaxSizeFailsBeforeAnyGraphRequest() throws Exception {
        Properties p = Demo.properties(sandbox());
        p.setProperty("mail.graph.maxsize", String.valueOf(5 * MB));
        Session session = Session.getInstance(p);
        MimeMessage m = withParts(session, "Too big", attachment("big.bin", "application/octet-stream",
                bytes(4 * MB, 6)));
        sandbox().resetCounters();
        SendFailedException e = assertThrows(SendFailedException.class, () -> Transport.send(m));
        assertTrue(e.getMessage().contains("mail.graph.maxsize=" + 5 * MB), e.getMessage());
        assertEquals(0, sandbox().graphRequests(), "nothing may reach Graph");
        assertEquals(0, sandbox().messages().size());
    }

    @Test
    void withOnlyMailSendTheErrorAsksForMailReadWrite() throws Exception {
        Properties p = Demo.properties(sandbox());
        p.setProperty("mail.graph.client.id", SEND_ONLY_APP);
        p.setProperty("mail.graph.client.secret", "send-only-secret");
        Session session = Session.getInstance(p);
        MimeMessage m = withParts(session, "No RW", attachment("a.bin", "application/octet-stream", bytes(4 * MB, 7)));
        SendFailedException e = assertThrows(SendFailedException.class, () -> Transport.send(m));
        assertTrue(e.getMessage().contains("403 ErrorAccessDenied"), e.getMessage());
        assertTrue(e.getMessage().contains("Mail.ReadWrite application permission"), e.getMessage());
        assertTrue(e.getMessage().contains("admin consent"), e.getMessage());
        assertTrue(e.getMessage().contains("3 MB"), e.getMessage());
        assertTrue(e.getMessage().contains("request-id"), e.getMessage());
        assertFalse(e.getMessage().contains("Mail.Send application permission"), e.getMessage());
        assertEquals(0, sandbox().messages().size());
    }

    @Test
    void smallMessagesStillGoThroughSendMail() throws Exception {
        Session session = Session.getInstance(Demo.properties(sandbox()));
        Transport.send(withParts(session, "Small", attachment("s.bin", "application/octet-stream",
                bytes(2 * MB, 8))));
        CapturedMessage c = sandbox().messages().get(0);
        assertEquals("sendMail-mime", c.submittedVia());
        assertEquals(2L * MB, named(c, "s.bin").size());
    }

    @Test
    void uncertainSendThatCannotBeConfirmedKeepsTheDraftAndIsNotRepeated() throws Exception {
        Properties p = Demo.properties(sandbox());
        p.setProperty("mail.graph.retries", "0");
        Session session = Session.getInstance(p);
        MimeMessage m = withParts(session, "504", attachment("a.bin", "application/octet-stream", bytes(4 * MB, 9)));
        // the copy in Sent Items appears long after graphmail stops looking for it (UncertainDraftSendTest: the rest)
        sandbox().sending().sentCopyDelay(Duration.ofSeconds(30));
        sandbox().faults().next(2, Fault.latency(Duration.ZERO));
        sandbox().faults().next(1, Fault.gatewayTimeoutAfterAccept());
        sandbox().resetCounters();
        UncertainDeliveryException e = assertThrows(UncertainDeliveryException.class, () -> Transport.send(m));
        assertTrue(e.getMessage().contains("was kept"), e.getMessage());
        assertTrue(e.getMessage().contains("looked the message up by its immutable id 3 times"), e.getMessage());
        assertTrue(e.getMessage().contains("check the Sent Items"), e.getMessage());
        assertEquals(1, sandbox().messages().size(), "accepted once, never resent");
        assertEquals(3 + 3, sandbox().graphRequests(), "draft, upload session, send, three looks: no DELETE of what"
                + " may be sent mail");
    }

    @Test
    void envelopeDifferentFromHeadersIsHonouredForLargeMessages() throws Exception {
        Session session = Session.getInstance(Demo.properties(sandbox()));
        MimeMessage m = withParts(session, "Envelope", attachment("a.bin", "application/octet-stream",
                bytes(4 * MB, 11)));
        m.addRecipient(Message.RecipientType.TO, new InternetAddress(Demo.BOB));
        m.saveChanges();
        Transport.send(m, new Address[]{new InternetAddress(Demo.ALICE), new InternetAddress("dave@contoso.example")});
        CapturedMessage c = sandbox().messages().get(0);
        assertEquals("draft", c.submittedVia());
        assertEquals(List.of(Demo.ALICE), c.to());
        assertEquals(List.of("dave@contoso.example"), c.bcc());
        assertEquals(4L * MB, named(c, "a.bin").size());
    }

    @Test
    void aBodyTooLargeForOneRequestIsExplained() throws Exception {
        Session session = Session.getInstance(Demo.properties(sandbox()));
        MimeMessage m = Demo.message(session, Demo.SENDER, "Huge body", Demo.ALICE);
        m.setText("x".repeat(5 * MB), "UTF-8");
        sandbox().resetCounters();
        SendFailedException e = assertThrows(SendFailedException.class, () -> Transport.send(m));
        assertTrue(e.getMessage().contains("too large for one Graph request"), e.getMessage());
        assertEquals(0, sandbox().graphRequests());
    }

    static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }
}
