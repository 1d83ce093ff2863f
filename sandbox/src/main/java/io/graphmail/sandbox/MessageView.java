package io.graphmail.sandbox;

import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/**
 * A captured message taken apart for reading: its headers, its text and HTML bodies and its attachments with their
 * bytes. The attachments are the ones {@link MimeParts#attachments} counts, in the same order, so an index means the
 * same part in the list and in a download URL.
 */
final class MessageView {
    /** One attachment and its decoded bytes. */
    record Attachment(String name, String contentType, byte[] bytes, boolean inline, String contentId) {
    }

    private final List<String[]> headers = new ArrayList<>();
    private final List<Attachment> attachments = new ArrayList<>();
    private String text;
    private String html;

    private MessageView() {
    }

    static MessageView of(byte[] mime) {
        MessageView v = new MessageView();
        try {
            MimeMessage m = MimeParts.parse(mime);
            for (Enumeration<Header> e = m.getAllHeaders(); e.hasMoreElements(); ) {
                Header h = e.nextElement();
                v.headers.add(new String[] {h.getName(), h.getValue()});
            }
            v.walk(m, true);
        } catch (MessagingException | IOException | GraphError e) {
            v.text = v.text == null ? "(the sandbox cannot read this message's MIME: " + e.getMessage() + ")" : v.text;
        }
        return v;
    }

    List<String[]> headers() {
        return headers;
    }

    /** @return the first text/plain body, or null */
    String text() {
        return text;
    }

    /** @return the first text/html body, or null */
    String html() {
        return html;
    }

    List<Attachment> attachments() {
        return attachments;
    }

    private void walk(Part part, boolean top) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart child = mp.getBodyPart(i);
                walk(child, false);
            }
            return;
        }
        String disposition = part.getDisposition();
        String filename = MimeParts.fileName(part);
        String contentId = part instanceof MimePart mp ? mp.getContentID() : null;
        boolean body = part.isMimeType("text/plain") || part.isMimeType("text/html");
        boolean attachment = !top && (Part.ATTACHMENT.equalsIgnoreCase(disposition) || filename != null
            || (contentId != null && !body));
        if (attachment) {
            byte[] bytes;
            try (InputStream in = part.getInputStream()) {
                bytes = in.readAllBytes();
            }
            boolean inline = Part.INLINE.equalsIgnoreCase(disposition) || (disposition == null && contentId != null);
            String type = new ContentType(part.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
            attachments.add(new Attachment(filename, type, bytes, inline, strip(contentId)));
        } else if (part.isMimeType("text/plain") && text == null) {
            text = decode(part);
        } else if (part.isMimeType("text/html") && html == null) {
            html = decode(part);
        }
    }

    /** Decodes by the part's charset, falling back to UTF-8 when it names none or one Java lacks. */
    private static String decode(Part part) throws MessagingException, IOException {
        byte[] bytes;
        try (InputStream in = part.getInputStream()) {
            bytes = in.readAllBytes();
        }
        Charset charset = StandardCharsets.UTF_8;
        String name = new ContentType(part.getContentType()).getParameter("charset");
        if (name != null) {
            try {
                charset = Charset.forName(name.trim());
            } catch (RuntimeException unknown) {
                charset = StandardCharsets.UTF_8;
            }
        }
        return new String(bytes, charset);
    }

    private static String strip(String contentId) {
        if (contentId == null) {
            return null;
        }
        String s = contentId.trim();
        return s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1) : s;
    }
}
