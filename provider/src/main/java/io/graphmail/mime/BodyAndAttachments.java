package io.graphmail.mime;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimePart;

import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * A MIME message split the way Graph's message resource holds it: one body (HTML or text) and a flat list of file
 * attachments. The MIME tree itself is not kept: Exchange builds its own from the JSON.
 *
 * <p>How the tree is read: in multipart/alternative the last HTML alternative wins, else the last text one
 * (RFC 2046 puts the preferred alternative last); in multipart/related the first part is the body and the others
 * are inline attachments with their Content-ID; in any other multipart the first text, alternative or related part
 * that is not marked as an attachment is the body and everything else is an attachment. An attached message
 * (message/rfc822) becomes a file attachment of that type (an .eml file), not an item attachment: its bytes are kept
 * exactly, which Graph's itemAttachment, rebuilt from JSON properties, would not do.
 *
 * <p>What cannot be carried without damage is refused: a signed or encrypted message (the signature covers a MIME
 * structure Exchange would rebuild) and a calendar invitation given as an alternative body (it would arrive as an
 * ordinary message).
 */
final class BodyAndAttachments {

    /** One attachment to write; its bytes are read from the part when written, never kept. */
    record Attachment(Part part, String name, String contentType, boolean inline, String contentId) {
        InputStream open() throws MessagingException, IOException {
            return part.getInputStream();
        }
    }

    private String body;
    private boolean html;
    private final List<Attachment> attachments = new ArrayList<>();

    private BodyAndAttachments() {
    }

    /**
     * @throws MessagingException when the message holds something the JSON form cannot carry (the text says what), or
     *                            its body's charset is unknown to this Java runtime
     */
    static BodyAndAttachments of(Message message) throws MessagingException, IOException {
        BodyAndAttachments b = new BodyAndAttachments();
        b.visit(message, false);
        return b;
    }

    /** @return the body as a Java string (charset decoded), empty when the message has none */
    String body() {
        return body == null ? "" : body;
    }

    /** @return whether {@link #body()} is HTML */
    boolean html() {
        return html;
    }

    List<Attachment> attachments() {
        return attachments;
    }

    private void visit(Part part, boolean related) throws MessagingException, IOException {
        refuseSignedOrEncrypted(part);
        if (part.isMimeType("multipart/alternative") && body == null && !markedAsAttachment(part)) {
            visit(preferredAlternative((Multipart) part.getContent()), false);
        } else if (part.isMimeType("multipart/related")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                if (i == 0) {
                    visit(mp.getBodyPart(i), false);
                } else {
                    attach(mp.getBodyPart(i), true);
                }
            }
        } else if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                visit(mp.getBodyPart(i), false);
            }
        } else if (body == null && isText(part) && !markedAsAttachment(part)) {
            body = text(part);
            html = part.isMimeType("text/html");
        } else {
            attach(part, related);
        }
    }

    /** The last HTML alternative (possibly inside multipart/related), else the last text one, else the first part. */
    private static Part preferredAlternative(Multipart alternatives) throws MessagingException, IOException {
        Part htmlPart = null;
        Part textPart = null;
        for (int i = 0; i < alternatives.getCount(); i++) {
            BodyPart p = alternatives.getBodyPart(i);
            if (p.isMimeType("text/calendar")) {
                throw new MessagingException("the message is a calendar invitation (a text/calendar alternative body),"
                        + " which the JSON form of sendMail would turn into an ordinary message");
            }
            if (p.isMimeType("text/html") || (p.isMimeType("multipart/related") && relatedRootIsHtml(p))) {
                htmlPart = p;
            } else if (p.isMimeType("text/plain")) {
                textPart = p;
            }
        }
        if (htmlPart != null) return htmlPart;
        if (textPart != null) return textPart;
        return alternatives.getBodyPart(0);
    }

    private static boolean relatedRootIsHtml(Part related) throws MessagingException, IOException {
        Multipart mp = (Multipart) related.getContent();
        return mp.getCount() > 0 && mp.getBodyPart(0).isMimeType("text/html");
    }

    private static void refuseSignedOrEncrypted(Part part) throws MessagingException {
        // at any depth, as if at the root: the JSON form would rebuild even an attached container
        if (LargeParts.sealed(part, true)) {
            throw new MessagingException("the message is signed or encrypted (" + AttachmentPart.baseType(part) + "): Graph's JSON"
                    + " form of sendMail rebuilds the MIME, which would break the signature or lose the encryption");
        }
    }

    private void attach(Part part, boolean related) throws MessagingException {
        String contentId = AttachmentPart.contentId(part);
        String disposition = part.getDisposition();
        // only a part with a Content-ID can be shown in the body (cid:); without one Graph has nothing to refer to
        boolean inline = contentId != null && (related || Part.INLINE.equalsIgnoreCase(disposition)
                || disposition == null);
        attachments.add(new Attachment(part, name(part, contentId), AttachmentPart.baseType(part), inline, contentId));
    }

    private static String name(Part part, String contentId) throws MessagingException {
        String name = part instanceof MimePart ? AttachmentPart.fileName((MimePart) part) : part.getFileName();
        if (name != null && !name.isBlank()) return name;
        if (part.isMimeType("message/rfc822")) return "message.eml";
        if (contentId != null) return contentId;
        if (part.isMimeType("text/plain")) return "attachment.txt";
        if (part.isMimeType("text/html")) return "attachment.html";
        return "attachment";
    }

    private static boolean isText(Part part) throws MessagingException {
        return part.isMimeType("text/plain") || part.isMimeType("text/html");
    }

    private static boolean markedAsAttachment(Part part) throws MessagingException {
        return Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.getFileName() != null;
    }

    private static String text(Part part) throws MessagingException, IOException {
        try {
            Object content = part.getContent();
            return content instanceof String ? (String) content : new String(part.getInputStream().readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (UnsupportedEncodingException e) {
            throw new MessagingException("the message body's charset is not known to this Java runtime ("
                    + e.getMessage() + "): it cannot be turned into Graph's JSON, which is Unicode; write the body"
                    + " in UTF-8", e);
        }
    }
}
