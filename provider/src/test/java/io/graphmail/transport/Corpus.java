package io.graphmail.transport;

import jakarta.activation.DataHandler;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Real-world message shapes for the fidelity corpus, built the way applications build them with Jakarta Mail, and
 * the means to read back what Graph received. Everything is deterministic (fixed seeds, fixed boundaries) so that a
 * failure can be reproduced byte for byte.
 */
final class Corpus {

    static final String SIGNED_BOUNDARY = "----=_graphmail_signed_7f3a";
    /** The first part of the multipart/signed: what the signature covers, canonical CRLF MIME (RFC 8551 §3.1.1). */
    static final byte[] SIGNED_CONTENT = ("Content-Type: multipart/mixed; boundary=\"inner_b1\"\r\n"
            + "\r\n"
            + "--inner_b1\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n"
            + "\r\n"
            + "Gr=C3=BC=C3=9Fe, this text is signed.=20\r\n"
            + "Trailing space above is encoded; a changed byte breaks the signature.\r\n"
            + "--inner_b1\r\n"
            + "Content-Type: application/octet-stream; name=\"data.bin\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + "Content-Disposition: attachment; filename=\"data.bin\"\r\n"
            + "\r\n"
            + "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\r\n"
            + "--inner_b1--\r\n").getBytes(StandardCharsets.US_ASCII);
    /** Stands in for a CMS SignedData: opaque bytes (fixed, valid base64) that must arrive exactly as sent. */
    static final byte[] SIGNATURE = ("Content-Type: application/pkcs7-signature; name=\"smime.p7s\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + "Content-Disposition: attachment; filename=\"smime.p7s\"\r\n"
            + "Content-Description: S/MIME Cryptographic Signature\r\n"
            + "\r\n"
            + java.util.Base64.getMimeEncoder(76, new byte[]{'\r', '\n'}).encodeToString(bytes(700, 7))
            + "\r\n").getBytes(StandardCharsets.US_ASCII);

    private Corpus() {
    }

    static MimeMessage message(Session session, String subject) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(Demo.SENDER));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(Demo.ALICE));
        m.setSubject(subject, "UTF-8");
        return m;
    }

    static MimeBodyPart text(String text, String charset, String subtype) throws MessagingException {
        MimeBodyPart p = new MimeBodyPart();
        p.setText(text, charset, subtype);
        return p;
    }

    /** A part whose Content-Transfer-Encoding is fixed by the application, as a mail client's composer does. */
    static MimeBodyPart encoded(String text, String charset, String encoding) throws MessagingException {
        MimeBodyPart p = text(text, charset, "plain");
        p.setHeader("Content-Transfer-Encoding", encoding);
        return p;
    }

    static MimeMultipart multipart(String subtype, BodyPart... parts) throws MessagingException {
        MimeMultipart mp = new MimeMultipart(subtype);
        for (BodyPart p : parts) mp.addBodyPart(p);
        return mp;
    }

    static MimeBodyPart wrap(Multipart mp) throws MessagingException {
        MimeBodyPart p = new MimeBodyPart();
        p.setContent(mp);
        return p;
    }

    static MimeBodyPart file(String name, String type, byte[] content) throws MessagingException {
        MimeBodyPart p = new MimeBodyPart();
        p.setDataHandler(new DataHandler(new ByteArrayDataSource(content, type)));
        p.setFileName(name);   // non-ASCII: RFC 2231 filename*=UTF-8''..., split into continuations when long
        p.setDisposition(Part.ATTACHMENT);
        return p;
    }

    /**
     * A long non-ASCII file name split into RFC 2231 continuations ({@code filename*0*=...; filename*1*=...}), as
     * Thunderbird writes it (Angus itself writes one long folded {@code filename*=}).
     */
    static MimeBodyPart fileWithContinuations(String name, String type, byte[] content) throws MessagingException {
        MimeBodyPart p = new MimeBodyPart();
        p.setDataHandler(new DataHandler(new ByteArrayDataSource(content, type)));
        StringBuilder pct = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            pct.append(c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?=%'* ".indexOf(c) < 0
                    ? String.valueOf((char) c) : String.format("%%%02X", c));
        }
        StringBuilder header = new StringBuilder("attachment");
        for (int i = 0, n = 0; i < pct.length(); n++) {
            int end = Math.min(pct.length(), i + 40);
            while (end < pct.length() && (pct.charAt(end - 1) == '%' || pct.charAt(end - 2) == '%')) {
                end--;   // never cut inside a %XX escape
            }
            header.append(";\r\n filename*").append(n).append('*').append('=')
                    .append(n == 0 ? "UTF-8''" : "").append(pct, i, end);
            i = end;
        }
        p.setHeader("Content-Type", type);
        p.setHeader("Content-Disposition", header.toString());
        return p;
    }

    /** A file name as Outlook and many webmails write it: an RFC 2047 encoded word inside the quoted filename. */
    static MimeBodyPart fileWithEncodedWordName(String name, String type, byte[] content)
            throws MessagingException, IOException {
        MimeBodyPart p = new MimeBodyPart();
        p.setDataHandler(new DataHandler(new ByteArrayDataSource(content, type)));
        String word = MimeUtility.encodeText(name, "UTF-8", "B");
        p.setHeader("Content-Type", type + "; name=\"" + word + "\"");
        p.setHeader("Content-Disposition", "attachment; filename=\"" + word + "\"");
        return p;
    }

    static MimeBodyPart inlineImage(String contentId, String name, byte[] png) throws MessagingException {
        MimeBodyPart p = new MimeBodyPart();
        p.setDataHandler(new DataHandler(new ByteArrayDataSource(png, "image/png")));
        p.setFileName(name);
        p.setDisposition(Part.INLINE);
        p.setContentID("<" + contentId + ">");
        return p;
    }

    /** multipart/related: the HTML (with its plain alternative) first, then the image it shows by cid:. */
    static MimeMultipart related(String plain, String html, MimeBodyPart image) throws MessagingException {
        MimeMultipart alternative = multipart("alternative", text(plain, "UTF-8", "plain"), text(html, "UTF-8", "html"));
        MimeMultipart related = multipart("related", wrap(alternative), image);
        related.setSubType("related; type=\"multipart/alternative\"");
        return related;
    }

    /** An Outlook-style invitation body: a plain alternative and the iCalendar REQUEST. */
    static MimeMultipart invitation(String plain, String ics) throws MessagingException {
        MimeBodyPart calendar = new MimeBodyPart();
        calendar.setContent(ics, "text/calendar; charset=UTF-8; method=REQUEST");
        calendar.setHeader("Content-Transfer-Encoding", "8bit");
        return multipart("alternative", text(plain, "UTF-8", "plain"), calendar);
    }

    /** The whole multipart/signed body, as a signing client writes it. */
    static byte[] signedBody() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("This is an S/MIME signed message\r\n\r\n--" + SIGNED_BOUNDARY + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(SIGNED_CONTENT);
        out.writeBytes(("\r\n--" + SIGNED_BOUNDARY + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(SIGNATURE);
        out.writeBytes(("\r\n--" + SIGNED_BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** A signed message read from its bytes: what an application hands over after signing (Angus keeps them). */
    static MimeMessage signed(Session session, String subject) throws MessagingException {
        byte[] headers = ("From: " + Demo.SENDER + "\r\n"
                + "To: " + Demo.ALICE + "\r\n"
                + "Subject: " + subject + "\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256;\r\n"
                + "\tboundary=\"" + SIGNED_BOUNDARY + "\"\r\n"
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = signedBody();
        byte[] all = Arrays.copyOf(headers, headers.length + body.length);
        System.arraycopy(body, 0, all, headers.length, body.length);
        return new MimeMessage(session, new ByteArrayInputStream(all));
    }

    /** {@code n} distinct recipients r0@ … r{n-1}@contoso.example. */
    static java.util.List<InternetAddress> recipients(int n) throws MessagingException {
        java.util.List<InternetAddress> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new InternetAddress("r" + i + "@contoso.example"));
        return out;
    }

    /**
     * A signed message whose signed content carries a large attachment: the shape that must never be split into a
     * draft and uploads, since the attachment lies under the signature.
     */
    static MimeMessage signedWithLargeAttachment(Session session, byte[] attachment) throws MessagingException {
        String b64 = java.util.Base64.getMimeEncoder(76, new byte[]{'\r', '\n'}).encodeToString(attachment);
        byte[] signed = ("Content-Type: multipart/mixed; boundary=\"inner_b2\"\r\n\r\n--inner_b2\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
                + "Signed, with a large file.\r\n--inner_b2\r\n"
                + "Content-Type: application/pdf; name=\"big.pdf\"\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"big.pdf\"\r\n\r\n" + b64 + "\r\n--inner_b2--\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("From: " + Demo.SENDER + "\r\nTo: " + Demo.ALICE + "\r\nSubject: Signed, large\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/signed; protocol=\"application/pkcs7-signature\";"
                + " micalg=sha-256; boundary=\"" + SIGNED_BOUNDARY + "\"\r\n\r\n--" + SIGNED_BOUNDARY + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(signed);
        out.writeBytes(("\r\n--" + SIGNED_BOUNDARY + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(SIGNATURE);
        out.writeBytes(("\r\n--" + SIGNED_BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return new MimeMessage(session, new ByteArrayInputStream(out.toByteArray()));
    }

    static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    // ---- reading back what Graph received

    static MimeMessage parse(Session session, byte[] raw) throws MessagingException {
        return new MimeMessage(session, new ByteArrayInputStream(raw));
    }

    static byte[] write(MimeMessage m) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toByteArray();
    }

    /** The body of a message: its bytes after the blank line that ends the header block. */
    static byte[] body(byte[] raw) {
        for (int i = 0; i + 3 < raw.length; i++) {
            if (raw[i] == '\r' && raw[i + 1] == '\n' && raw[i + 2] == '\r' && raw[i + 3] == '\n') {
                return Arrays.copyOfRange(raw, i + 4, raw.length);
            }
        }
        throw new AssertionError("no end of header block");
    }

    /** The bytes between the first two delimiters of {@code boundary}: exactly what a multipart/signed signs. */
    static byte[] firstPart(byte[] raw, String boundary) {
        byte[] open = ("--" + boundary + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        int start = indexOf(raw, open, 0);
        if (start < 0) throw new AssertionError("no delimiter " + boundary);
        start += open.length;
        int end = indexOf(raw, next, start);
        if (end < 0) throw new AssertionError("no second delimiter " + boundary);
        return Arrays.copyOfRange(raw, start, end);
    }

    /** The bytes of the part after the first one, up to the closing delimiter. */
    static byte[] secondPart(byte[] raw, String boundary) {
        byte[] first = firstPart(raw, boundary);
        byte[] delimiter = ("\r\n--" + boundary + "\r\n").getBytes(StandardCharsets.US_ASCII);
        int start = indexOf(raw, first, 0) + first.length + delimiter.length;
        int end = indexOf(raw, ("\r\n--" + boundary + "--").getBytes(StandardCharsets.US_ASCII), start);
        return Arrays.copyOfRange(raw, start, end);
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    static Multipart multipart(Part p) throws MessagingException, IOException {
        return (Multipart) p.getContent();
    }

    static MimeBodyPart part(Part p, int... path) throws MessagingException, IOException {
        Part current = p;
        for (int i : path) {
            current = multipart(current).getBodyPart(i);
        }
        return (MimeBodyPart) current;
    }

    /** The encoded bytes of a part's body, as they travelled (Content-Transfer-Encoding not undone). */
    static byte[] raw(MimeBodyPart p) throws MessagingException, IOException {
        try (InputStream in = p.getRawInputStream()) {
            return in.readAllBytes();
        }
    }

    /** The first leaf part, depth first, with this file name (as Angus decodes it), or null. */
    static MimeBodyPart named(Part p, String fileName) throws MessagingException, IOException {
        if (p.isMimeType("multipart/*")) {
            Multipart mp = multipart(p);
            for (int i = 0; i < mp.getCount(); i++) {
                MimeBodyPart found = named(mp.getBodyPart(i), fileName);
                if (found != null) return found;
            }
            return null;
        }
        return p instanceof MimeBodyPart && fileName.equals(p.getFileName()) ? (MimeBodyPart) p : null;
    }

    /** The first text part of this subtype that is a body, not an attachment, depth first; or null. */
    static MimeBodyPart body(Part p, String subtype) throws MessagingException, IOException {
        if (p.isMimeType("multipart/*")) {
            Multipart mp = multipart(p);
            for (int i = 0; i < mp.getCount(); i++) {
                MimeBodyPart found = body(mp.getBodyPart(i), subtype);
                if (found != null) return found;
            }
            return null;
        }
        return p instanceof MimeBodyPart && p.isMimeType("text/" + subtype) && p.getFileName() == null
                && p.getDisposition() == null ? (MimeBodyPart) p : null;
    }

    static byte[] decoded(Part p) throws MessagingException, IOException {
        try (InputStream in = p.getInputStream()) {
            return in.readAllBytes();
        }
    }
}
