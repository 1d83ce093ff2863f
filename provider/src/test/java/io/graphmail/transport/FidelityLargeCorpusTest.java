package io.graphmail.transport;

import io.graphmail.sandbox.CapturedAttachment;
import io.graphmail.sandbox.CapturedMessage;
import io.graphmail.sandbox.Sandbox;
import io.graphmail.sandbox.SandboxExtension;
import jakarta.mail.Message;
import jakarta.mail.Part;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fidelity corpus over 4 MB: the message goes as a draft from its MIME without the large parts, each large
 * part is uploaded through an upload session, and Graph sends the draft (docs/graph-behaviour.md §2).
 *
 * <p>What Graph can keep here is less than on the sendMail path. The draft's own MIME (headers, bodies, the parts
 * left in it) is Graph's to keep as written; an uploaded part, though, becomes a Graph attachment resource, which
 * holds only {@code name}, {@code contentType} (no parameters), {@code isInline}, {@code contentId} and the bytes
 * (docs/graph-behaviour.md §2.4) — Exchange writes a new MIME part for it when it sends. So the part's other headers
 * (Content-Description, its transfer encoding, the way its file name was encoded) and its place in the tree (an
 * inline image inside multipart/related) are not kept. The tests assert what is kept and show what is not.
 */
class FidelityLargeCorpusTest {

    private static final int MB = 1024 * 1024;

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    private static Sandbox sandbox() {
        return SANDBOX.get();
    }

    @AfterEach
    void nothingLeftBehind() {
        assertEquals(0, sandbox().drafts(), "no draft may be left in the mailbox");
        assertEquals(0, sandbox().openUploadSessions(), "no upload session may be left open");
    }

    private static Session session() {
        return Session.getInstance(Demo.properties(sandbox()));
    }

    @Test
    void inlineImageAndUnicodeNamedAttachmentKeepBytesNamesAndContentId() throws Exception {
        Session session = session();
        byte[] chart = Corpus.bytes(3 * MB + 512 * 1024, 31);
        byte[] report = Corpus.bytes(5 * MB, 32);
        String memoText = "会議のメモ：明日10時から。\r\n";
        String imageName = "Diagramm Q3 — 東京.png";
        String reportName = "Übersicht 東京 — Q3 (endgültige Fassung).pdf";
        String plain = "Der Bericht ist angehängt; das Diagramm steht im Text.\r\n";
        String html = "<html><body><p>Bericht für Q3:</p><img src=\"cid:chart.q3@graphmail.test\"></body></html>\r\n";
        MimeBodyPart image = Corpus.inlineImage("chart.q3@graphmail.test", imageName, chart);
        image.setDescription("Q3 chart");
        MimeBodyPart memo = new MimeBodyPart();
        memo.setText(memoText, "Shift_JIS");
        memo.setFileName("メモ.txt");
        memo.setDisposition(Part.ATTACHMENT);
        MimeMessage m = Corpus.message(session, "Bericht Q3 — 東京");
        m.setHeader("In-Reply-To", "<q3.plan@contoso.example>");
        m.setHeader("References", "<q3.plan@contoso.example>");
        m.setHeader("X-Campaign", "q3-report");
        m.setContent(Corpus.multipart("mixed", Corpus.wrap(Corpus.related(plain, html, image)),
                // the image's name is RFC 2231 (Angus), the report's an RFC 2047 encoded word (Outlook): both decoded
                Corpus.fileWithEncodedWordName(reportName, "application/pdf", report), memo));

        Transport.send(m);

        CapturedMessage c = sandbox().messages().get(0);
        assertEquals("draft", c.submittedVia());
        MimeMessage received = Corpus.parse(session, c.rawMime());
        // kept: everything that stayed in the draft's MIME
        assertEquals("Bericht Q3 — 東京", received.getSubject());
        assertEquals(m.getMessageID(), received.getMessageID(), "replies thread on the Message-ID");
        assertEquals("<q3.plan@contoso.example>", received.getHeader("In-Reply-To", null));
        assertEquals("<q3.plan@contoso.example>", received.getHeader("References", null));
        assertEquals("q3-report", received.getHeader("X-Campaign", null));
        assertEquals(plain, Corpus.body(received, "plain").getContent());
        assertEquals(html, Corpus.body(received, "html").getContent());
        MimeBodyPart memoReceived = Corpus.named(received, "メモ.txt");
        assertEquals(memo.getContentType(), memoReceived.getContentType(),
                "a small part stays in the draft with its own headers");
        assertEquals("Shift_JIS", new ContentType(memoReceived.getContentType()).getParameter("charset"));
        assertEquals(memo.getEncoding(), memoReceived.getEncoding());
        assertArrayEquals(memoText.getBytes(Charset.forName("Shift_JIS")), Corpus.decoded(memoReceived));
        // kept: what a Graph attachment resource holds
        assertEquals(new CapturedAttachment(imageName, "image/png", chart.length, true, "chart.q3@graphmail.test"),
                attachment(c, imageName), "the HTML's cid: still finds its image");
        assertEquals(new CapturedAttachment(reportName, "application/pdf", report.length, false, null),
                attachment(c, reportName));
        MimeBodyPart imageReceived = Corpus.named(received, imageName);
        assertArrayEquals(LargeMessageTest.sha256(chart), LargeMessageTest.sha256(Corpus.decoded(imageReceived)));
        assertArrayEquals(LargeMessageTest.sha256(report),
                LargeMessageTest.sha256(Corpus.decoded(Corpus.named(received, reportName))),
                "found by its decoded name: Exchange wrote the name anew");
        // not kept: the uploaded part's other headers and its place next to the HTML in multipart/related
        assertNull(imageReceived.getDescription(), "Content-Description has no place in a Graph attachment");
        assertFalse(parentOf(received, imageReceived).startsWith("multipart/related"),
                "Exchange places an uploaded inline image itself");
        assertEquals(3, ((MimeMultipart) m.getContent()).getCount(), "the caller's message keeps all its parts");
    }

    @Test
    void invitationAndAttachedMessageStayInTheDraftUnchanged() throws Exception {
        Session session = session();
        String ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
                + "UID:large-corpus@graphmail.test\r\nDTSTART:20261201T090000Z\r\nSUMMARY:Überprüfung\r\n"
                + "END:VEVENT\r\nEND:VCALENDAR\r\n";
        MimeMessage forwarded = Corpus.parse(session, ("From: carol@fabrikam.example\r\nTo: dave@fabrikam.example\r\n"
                + "Subject: Original\r\nMessage-ID: <orig.2@fabrikam.example>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + "Ursprünglicher Text.\r\n").getBytes(StandardCharsets.UTF_8));
        MimeBodyPart attached = new MimeBodyPart();
        attached.setContent(forwarded, "message/rfc822");
        attached.setDisposition(Part.ATTACHMENT);
        byte[] big = Corpus.bytes(4 * MB, 33);
        MimeMessage m = Corpus.message(session, "Einladung mit Anhang");
        m.setContent(Corpus.multipart("mixed", Corpus.wrap(Corpus.invitation("Einladung.\r\n", ics)), attached,
                Corpus.file("daten.bin", "application/octet-stream", big)));

        Transport.send(m);

        CapturedMessage c = sandbox().messages().get(0);
        assertEquals("draft", c.submittedVia());
        MimeMessage received = Corpus.parse(session, c.rawMime());
        MimeBodyPart calendar = Corpus.body(received, "calendar");
        assertNotNull(calendar, "the invitation stays a body part");
        assertEquals("REQUEST", new ContentType(calendar.getContentType()).getParameter("method"));
        assertArrayEquals(ics.getBytes(StandardCharsets.UTF_8), Corpus.raw(calendar));
        MimeMessage inner = (MimeMessage) rfc822(received).getContent();
        assertEquals("<orig.2@fabrikam.example>", inner.getMessageID());
        assertEquals("Ursprünglicher Text.\r\n", inner.getContent());
        assertEquals(List.of(Demo.ALICE), c.envelopeRecipients());
        assertArrayEquals(LargeMessageTest.sha256(big),
                LargeMessageTest.sha256(Corpus.decoded(Corpus.named(received, "daten.bin"))));
    }

    @Test
    void signedMessageOverTheRequestLimitIsRefusedWholeBeforeAnyGraphRequest() throws Exception {
        // Its 5 MB attachment lies under the signature: taking it out for an upload would break the signature,
        // and Graph takes S/MIME content only up to 4 MB (docs/graph-behaviour.md §2.2). It cannot go through Graph.
        MimeMessage m = Corpus.signedWithLargeAttachment(session(), Corpus.bytes(5 * MB, 34));
        sandbox().resetCounters();

        SendFailedException e = assertThrows(SendFailedException.class, () -> Transport.send(m));

        assertTrue(e.getMessage().contains("signed or encrypted"), e.getMessage());
        assertTrue(e.getMessage().contains("S/MIME content only up to 4 MB"), e.getMessage());
        assertEquals(List.of(new InternetAddress(Demo.ALICE)), List.of(e.getValidUnsentAddresses()));
        assertEquals(0, sandbox().graphRequests(), "no draft was made of it");
        assertEquals(0, sandbox().messages().size());
    }

    @Test
    void fiveHundredAndOneRecipientsOnALargeMessageMakeNoDraft() throws Exception {
        MimeMessage m = Corpus.message(session(), "501, large");
        m.setContent(Corpus.multipart("mixed", Corpus.text("Large.\r\n", "UTF-8", "plain"),
                Corpus.file("a.bin", "application/octet-stream", Corpus.bytes(5 * MB, 35))));
        m.setRecipients(Message.RecipientType.BCC, Corpus.recipients(500).toArray(new InternetAddress[0]));
        sandbox().resetCounters();

        SendFailedException e = assertThrows(SendFailedException.class, () -> Transport.send(m));

        assertTrue(e.getMessage().contains("at most 500 per message"), e.getMessage());
        assertEquals(501, e.getValidUnsentAddresses().length);
        assertEquals(0, sandbox().graphRequests(), "no draft, no upload session");
    }

    private static CapturedAttachment attachment(CapturedMessage c, String name) {
        return c.attachments().stream().filter(a -> name.equals(a.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no attachment " + name + " in " + c.attachments()));
    }

    /** The content type of the multipart that directly holds {@code child}. */
    private static String parentOf(Part root, Part child) throws Exception {
        if (!root.isMimeType("multipart/*")) return null;
        MimeMultipart mp = (MimeMultipart) root.getContent();
        for (int i = 0; i < mp.getCount(); i++) {
            if (mp.getBodyPart(i) == child) return new ContentType(mp.getContentType()).getBaseType();
            String found = parentOf(mp.getBodyPart(i), child);
            if (found != null) return found;
        }
        return null;
    }

    private static MimeBodyPart rfc822(Part p) throws Exception {
        if (p.isMimeType("message/rfc822") && p instanceof MimeBodyPart) return (MimeBodyPart) p;
        if (!p.isMimeType("multipart/*")) return null;
        MimeMultipart mp = (MimeMultipart) p.getContent();
        for (int i = 0; i < mp.getCount(); i++) {
            MimeBodyPart found = rfc822(mp.getBodyPart(i));
            if (found != null) return found;
        }
        return null;
    }
}
