package io.graphmail.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.graphmail.api.UncertainDeliveryException;
import io.graphmail.sandbox.CapturedMessage;
import io.graphmail.sandbox.Fault;
import io.graphmail.sandbox.Sandbox;
import io.graphmail.sandbox.SandboxExtension;
import jakarta.activation.DataHandler;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mail.graph.savetosentitems=false}: the JSON form of sendMail, checked by what reached the sandbox. */
class SaveToSentItemsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HTML = "<p>Grüße, <img src=\"cid:logo@graphmail\"></p>";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    private static Sandbox sandbox() {
        return SANDBOX.get();
    }

    private static Session session() {
        Properties p = Demo.properties(sandbox());
        p.setProperty("mail.graph.savetosentitems", "false");
        return Session.getInstance(p);
    }

    /** The request body the sandbox received, parsed. */
    private static JsonNode sentJson() throws Exception {
        List<CapturedMessage> captured = sandbox().messages();
        assertEquals(1, captured.size());
        CapturedMessage c = captured.get(0);
        assertEquals("sendMail-json", c.submittedVia());
        assertFalse(c.saveToSentItems(), "the sandbox must not keep a Sent Items copy");
        return JSON.readTree(c.submittedJson());
    }

    private static MimeBodyPart part(byte[] bytes, String type) throws MessagingException {
        MimeBodyPart p = new MimeBodyPart();
        p.setDataHandler(new DataHandler(new ByteArrayDataSource(bytes, type)));
        return p;
    }

    private static List<String> addresses(JsonNode recipients) {
        List<String> out = new ArrayList<>();
        recipients.forEach(r -> out.add(r.at("/emailAddress/address").asText()));
        return out;
    }

    @Test
    void everythingGraphJsonCanHoldArrivesAsSent() throws Exception {
        Properties p = Demo.properties(sandbox());
        p.setProperty("mail.graph.savetosentitems", "false");
        p.setProperty("mail.graph.user", Demo.SENDER);
        Session session = Session.getInstance(p);
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(Demo.SHARED, "Shared Desk"));   // the sandbox's sender may Send As shared
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(Demo.ALICE, "Alice Ångström", "UTF-8"));
        m.setRecipient(Message.RecipientType.CC, new InternetAddress(Demo.BOB));
        m.setRecipient(Message.RecipientType.BCC, new InternetAddress("carol@contoso.example"));
        m.setReplyTo(new Address[]{new InternetAddress("desk@contoso.example", "Help Desk")});
        m.setSubject("Rechnung №42 — Grüße", "UTF-8");
        m.setHeader("X-Priority", "1 (Highest)");
        m.setHeader("X-Ticket", "T-1234");
        m.setHeader("x-correlation-id", "abc-def");
        m.setHeader("In-Reply-To", "<earlier@contoso.example>");

        MimeBodyPart text = new MimeBodyPart();
        text.setText("Grüße (plain)", "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(HTML, "UTF-8", "html");
        byte[] png = LargeMessageTest.bytes(2000, 1);
        MimeBodyPart logo = part(png, "image/png");
        logo.setContentID("<logo@graphmail>");
        logo.setDisposition(Part.INLINE);
        MimeMultipart related = new MimeMultipart("related");
        related.addBodyPart(html);
        related.addBodyPart(logo);
        MimeBodyPart relatedPart = new MimeBodyPart();
        relatedPart.setContent(related);
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(relatedPart);
        MimeBodyPart alternativePart = new MimeBodyPart();
        alternativePart.setContent(alternative);

        byte[] pdf = LargeMessageTest.bytes(70_000, 2);
        MimeBodyPart report = part(pdf, "application/pdf");
        report.setFileName("Bericht März 2025 – 東京.pdf");
        report.setDisposition(Part.ATTACHMENT);
        MimeMessage forwarded = Demo.message(session, Demo.BOB, "The original", Demo.SENDER);
        forwarded.saveChanges();
        MimeBodyPart eml = new MimeBodyPart();
        eml.setContent(forwarded, "message/rfc822");

        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(alternativePart);
        mixed.addBodyPart(report);
        mixed.addBodyPart(eml);
        m.setContent(mixed);

        Transport.send(m);

        JsonNode root = sentJson();
        assertTrue(root.get("saveToSentItems").isBoolean() && !root.get("saveToSentItems").asBoolean(), root.toString());
        JsonNode msg = root.get("message");
        assertEquals("Rechnung №42 — Grüße", msg.get("subject").asText());
        assertEquals("HTML", msg.at("/body/contentType").asText(), "HTML is preferred over the text alternative");
        assertEquals(HTML, msg.at("/body/content").asText());
        assertEquals(List.of(Demo.ALICE), addresses(msg.get("toRecipients")));
        assertEquals("Alice Ångström", msg.at("/toRecipients/0/emailAddress/name").asText());
        assertEquals(List.of(Demo.BOB), addresses(msg.get("ccRecipients")));
        assertEquals(List.of("carol@contoso.example"), addresses(msg.get("bccRecipients")));
        assertEquals(List.of("desk@contoso.example"), addresses(msg.get("replyTo")));
        assertEquals("Help Desk", msg.at("/replyTo/0/emailAddress/name").asText());
        assertEquals(Demo.SHARED, msg.at("/from/emailAddress/address").asText());
        assertEquals("Shared Desk", msg.at("/from/emailAddress/name").asText());
        assertFalse(msg.has("sender"), "Graph sets the sender from the grant");
        assertEquals("high", msg.get("importance").asText());
        assertEquals("[{\"name\":\"X-Ticket\",\"value\":\"T-1234\"},{\"name\":\"x-correlation-id\",\"value\":\"abc-def\"}]",
                msg.get("internetMessageHeaders").toString(), "x- headers only; X-Priority became the importance");

        JsonNode attachments = msg.get("attachments");
        assertEquals(3, attachments.size(), attachments.toString());
        JsonNode inline = attachments.get(0);
        assertEquals("#microsoft.graph.fileAttachment", inline.get("@odata.type").asText());
        assertTrue(inline.get("isInline").asBoolean());
        assertEquals("logo@graphmail", inline.get("contentId").asText());
        assertEquals("image/png", inline.get("contentType").asText());
        assertArrayEquals(png, Base64.getDecoder().decode(inline.get("contentBytes").asText()));
        JsonNode file = attachments.get(1);
        assertEquals("Bericht März 2025 – 東京.pdf", file.get("name").asText());
        assertFalse(file.get("isInline").asBoolean());
        assertEquals("application/pdf", file.get("contentType").asText());
        assertArrayEquals(pdf, Base64.getDecoder().decode(file.get("contentBytes").asText()));
        JsonNode attached = attachments.get(2);
        assertEquals("message/rfc822", attached.get("contentType").asText());
        assertEquals("message.eml", attached.get("name").asText());
        MimeMessage original = new MimeMessage(session,
                new ByteArrayInputStream(Base64.getDecoder().decode(attached.get("contentBytes").asText())));
        assertEquals("The original", original.getSubject());
        assertEquals(forwarded.getMessageID(), original.getMessageID(), "the attached message's bytes are kept");

        CapturedMessage c = sandbox().messages().get(0);
        assertEquals(Demo.SENDER, c.mailbox());
        assertEquals(Demo.SHARED, c.from());
        assertEquals(List.of(Demo.ALICE), c.to());
        assertEquals(List.of("carol@contoso.example"), c.bcc());
    }

    @Test
    void plainTextInALegacyCharsetIsDecodedAndNothingEmptyIsSent() throws Exception {
        Session session = session();
        MimeMessage m = Demo.message(session, Demo.SENDER, "Latin-1", Demo.ALICE);
        m.setText("Grüße aus Köln\r\n", "ISO-8859-1");
        m.saveChanges();
        assertTrue(m.getContentType().toLowerCase().contains("iso-8859-1"), m.getContentType());

        Transport.send(m);

        JsonNode msg = sentJson().get("message");
        assertEquals("Text", msg.at("/body/contentType").asText());
        assertEquals("Grüße aus Köln\r\n", msg.at("/body/content").asText());
        assertFalse(msg.has("from"), "From is the mailbox itself: left to Graph");
        assertFalse(msg.has("internetMessageHeaders"), "never an empty array: Graph is reported to refuse it");
        assertFalse(msg.has("attachments"));
        assertFalse(msg.has("importance"));
        assertFalse(msg.has("replyTo"), "no Reply-To header: replies go to From, as Graph does by itself");
        assertEquals(0, msg.get("bccRecipients").size());
    }

    @Test
    void importanceWinsOverXPriorityAndASenderOtherThanTheMailboxIsKept() throws Exception {
        MimeMessage m = Demo.message(session(), Demo.SENDER, "Low", Demo.ALICE);
        m.setHeader("Importance", "Low");
        m.setHeader("X-Priority", "1");
        m.setSender(new InternetAddress(Demo.SHARED));
        m.saveChanges();

        Transport.send(m);

        JsonNode msg = sentJson().get("message");
        assertEquals("low", msg.get("importance").asText());
        assertEquals(Demo.SHARED, msg.at("/sender/emailAddress/address").asText());
        assertFalse(msg.has("from"), "From is the mailbox");
    }

    @Test
    void theEnvelopeDecidesWhoGetsItAndBccStaysHidden() throws Exception {
        Session session = session();
        MimeMessage m = Demo.message(session, Demo.SENDER, "Envelope", Demo.ALICE, Demo.BOB);
        m.setRecipient(Message.RecipientType.BCC, new InternetAddress("carol@contoso.example"));
        m.saveChanges();

        Transport.send(m, new Address[]{new InternetAddress(Demo.ALICE), new InternetAddress("carol@contoso.example"),
                new InternetAddress("dave@contoso.example")});

        JsonNode root = sentJson();
        JsonNode msg = root.get("message");
        assertEquals(List.of(Demo.ALICE), addresses(msg.get("toRecipients")), "Bob is not in the envelope");
        assertEquals(List.of(), addresses(msg.get("ccRecipients")));
        assertEquals(List.of("carol@contoso.example", "dave@contoso.example"), addresses(msg.get("bccRecipients")));
        assertFalse(root.toString().contains(Demo.BOB), "Bob must not even be named");
        CapturedMessage c = sandbox().messages().get(0);
        assertEquals(List.of(Demo.ALICE), c.to(), "what recipients see");
        assertEquals(List.of(), c.cc());
        assertEquals(List.of("carol@contoso.example", "dave@contoso.example"), c.bcc());
    }

    private static SendFailedException refused(MimeMessage m) {
        sandbox().resetCounters();
        SendFailedException e = assertThrows(SendFailedException.class, () -> Transport.send(m));
        assertTrue(e.getMessage().contains("mail.graph.savetosentitems"), e.getMessage());
        assertEquals(0, sandbox().messages().size(), "nothing may be sent");
        assertEquals(0, sandbox().graphRequests(), "refused before any request to Graph");
        return e;
    }

    @Test
    void aSignedMessageIsRefusedRatherThanSentWithABrokenSignature() throws Exception {
        Session session = session();
        MimeMessage m = Demo.message(session, Demo.SENDER, "Signed", Demo.ALICE);
        MimeMultipart signed = new MimeMultipart("signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256");
        MimeBodyPart content = new MimeBodyPart();
        content.setText("signed text", "UTF-8");
        signed.addBodyPart(content);
        MimeBodyPart signature = part(new byte[]{1, 2, 3}, "application/pkcs7-signature");
        signature.setFileName("smime.p7s");
        signed.addBodyPart(signature);
        m.setContent(signed);
        m.saveChanges();

        SendFailedException e = refused(m);
        assertTrue(e.getMessage().contains("signed or encrypted"), e.getMessage());
        assertTrue(e.getMessage().contains("Remove mail.graph.savetosentitems"), e.getMessage());
        assertEquals(1, e.getValidUnsentAddresses().length);
    }

    @Test
    void anEncryptedMessageAndACalendarInvitationAreRefused() throws Exception {
        Session session = session();
        MimeMessage encrypted = Demo.message(session, Demo.SENDER, "Encrypted", Demo.ALICE);
        encrypted.setDataHandler(new DataHandler(new ByteArrayDataSource(new byte[]{4, 5, 6},
                "application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m")));
        encrypted.saveChanges();
        assertTrue(refused(encrypted).getMessage().contains("application/pkcs7-mime"));

        MimeMessage invite = Demo.message(session, Demo.SENDER, "Meeting", Demo.ALICE);
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Meet at 10", "UTF-8");
        alternative.addBodyPart(text);
        MimeBodyPart calendar = new MimeBodyPart();
        calendar.setContent("BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n",
                "text/calendar; method=REQUEST; charset=UTF-8");
        alternative.addBodyPart(calendar);
        invite.setContent(alternative);
        invite.saveChanges();
        assertTrue(refused(invite).getMessage().contains("calendar invitation"));
    }

    @Test
    void aBodyInACharsetJavaDoesNotKnowIsRefused() throws Exception {
        String raw = "From: " + Demo.SENDER + "\r\nTo: " + Demo.ALICE + "\r\nSubject: Odd charset\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=x-no-such-charset\r\n\r\nhello\r\n";
        MimeMessage m = new MimeMessage(session(), new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
        SendFailedException e = refused(m);
        assertTrue(e.getMessage().contains("charset") && e.getMessage().contains("x-no-such-charset"), e.getMessage());
    }

    @Test
    void moreThanFiveXHeadersAreRefusedWithTheirNames() throws Exception {
        MimeMessage m = Demo.message(session(), Demo.SENDER, "Headers", Demo.ALICE);
        for (int i = 1; i <= 6; i++) m.setHeader("X-Tag-" + i, "v" + i);
        m.saveChanges();
        SendFailedException e = refused(m);
        assertTrue(e.getMessage().contains("keep at most 5") && e.getMessage().contains("X-Tag-6"), e.getMessage());

        m.removeHeader("X-Tag-6");
        m.saveChanges();
        Transport.send(m);
        assertEquals(5, sentJson().at("/message/internetMessageHeaders").size());
    }

    @Test
    void aMessageOverGraphsRequestLimitIsRefusedBeforeAnythingIsSent() throws Exception {
        MimeMessage m = LargeMessageTest.withParts(session(), "Too big for JSON",
                LargeMessageTest.attachment("big.bin", "application/octet-stream",
                        LargeMessageTest.bytes(3_200_000, 3)));   // 4.27 MB once in base64
        SendFailedException e = refused(m);
        assertTrue(e.getMessage().contains("4194304 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was sent"), e.getMessage());
        assertEquals(0, sandbox().drafts(), "no draft either: the large path always keeps a Sent Items copy");
    }

    @Test
    void aMessageJustUnderTheLimitGoesInOneRequest() throws Exception {
        byte[] content = LargeMessageTest.bytes(3_000_000, 4);   // 4.0 MB of base64: over the MIME path's limit
        MimeMessage m = LargeMessageTest.withParts(session(), "Fits as JSON",
                LargeMessageTest.attachment("data.bin", "application/octet-stream", content));
        sandbox().resetCounters();

        Transport.send(m);

        assertEquals(1, sandbox().graphRequests(), "one sendMail, no draft or upload session");
        JsonNode a = sentJson().at("/message/attachments/0");
        assertArrayEquals(content, Base64.getDecoder().decode(a.get("contentBytes").asText()));
    }

    @Test
    void anUncertainSendPointsToTheMessageTraceSinceThereIsNoSentItemsCopy() throws Exception {
        MimeMessage m = new MimeMessage(session());
        m.setFrom(new InternetAddress(Demo.SENDER));
        m.setRecipients(Message.RecipientType.TO, Demo.ALICE);
        m.setSubject("504 after acceptance");
        m.setText("once", "UTF-8");
        sandbox().faults().next(1, Fault.gatewayTimeoutAfterAccept());

        UncertainDeliveryException e = assertThrows(UncertainDeliveryException.class, () -> Transport.send(m));

        assertTrue(e.getMessage().contains("message trace"), e.getMessage());
        assertFalse(e.getMessage().contains("check the Sent Items"), e.getMessage());
        assertEquals(1, sandbox().messages().size(), "accepted once, and not sent a second time");
    }
}
