package io.graphmail.mime;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.graphmail.config.GraphSettings;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A message as the JSON body of Graph's sendMail, {@code {"message":{...},"saveToSentItems":false}}
 * (docs/graph-behaviour.md §1.1): the only documented way to send without a copy in Sent Items, since MIME sendMail
 * has no such parameter and a draft's send always keeps one.
 *
 * <p>The message becomes subject, one body ({@link BodyAndAttachments}), To/Cc/Bcc for the same envelope as the MIME
 * path ({@link MimeSubmission#submittedRecipients()}: Bcc goes in bccRecipients, which Graph delivers and hides),
 * Reply-To, From and Sender when they are not the sending mailbox, importance and up to five {@code x-} headers
 * ({@link GraphHeaders}), and every attachment as a fileAttachment. Exchange writes its own Message-ID, Date and MIME
 * structure; other header fields are lost. Attachment bytes are streamed from their parts into the request, which is
 * held only up to Graph's request limit: a larger message is refused before anything is sent, since JSON sendMail has
 * no upload sessions.
 */
public final class GraphJsonMessage {

    private static final System.Logger LOG = System.getLogger(GraphJsonMessage.class.getName());
    private static final JsonFactory JSON = new JsonFactory();

    private GraphJsonMessage() {
    }

    /**
     * Writes the sendMail request body for one submission.
     *
     * @param submission   the message and its envelope
     * @param mailbox      the mailbox it is sent through (From and Sender equal to it are left to Graph)
     * @param requestLimit the largest request Graph takes, in bytes
     * @return the UTF-8 JSON, at most {@code requestLimit} bytes
     * @throws MessagingException when the message cannot be sent this way (the text names
     *                            {@value GraphSettings#SAVE_TO_SENT_ITEMS}, the reason and the fix); nothing was sent
     */
    public static byte[] sendMailBody(MimeSubmission submission, String mailbox, int requestLimit)
            throws MessagingException, IOException {
        MimeMessage message = submission.message();
        BodyAndAttachments content;
        List<GraphHeaders.Custom> headers;
        try {
            content = BodyAndAttachments.of(message);
            headers = GraphHeaders.custom(message);
        } catch (MessagingException e) {
            throw refused(e.getMessage(), e);
        }
        Set<String> dropped = GraphHeaders.dropped(message);
        if (!dropped.isEmpty()) {
            LOG.log(System.Logger.Level.DEBUG, () -> "JSON sendMail (" + GraphSettings.SAVE_TO_SENT_ITEMS
                    + "=false) cannot carry these header fields, sent without them: " + dropped);
        }
        LimitedBuffer out = new LimitedBuffer(requestLimit);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeObjectFieldStart("message");
            writeMessage(g, submission, message, mailbox, content, headers);
            g.writeEndObject();
            g.writeBooleanField("saveToSentItems", false);
            g.writeEndObject();
        } catch (LimitedBuffer.Overflow e) {
            throw new MessagingException(GraphSettings.SAVE_TO_SENT_ITEMS + "=false sends the message as one JSON"
                    + " sendMail request, which Graph limits to " + requestLimit + " bytes (4 MB), and this message is"
                    + " larger (attachments grow by a third in base64): nothing was sent. Send smaller attachments, or"
                    + " remove " + GraphSettings.SAVE_TO_SENT_ITEMS + " so that graphmail can upload large attachments"
                    + " (the message is then kept in Sent Items)", e);
        }
        return out.toByteArray();
    }

    private static void writeMessage(JsonGenerator g, MimeSubmission submission, MimeMessage message, String mailbox,
                                     BodyAndAttachments content, List<GraphHeaders.Custom> headers)
            throws MessagingException, IOException {
        String subject = message.getSubject();
        if (subject != null) g.writeStringField("subject", subject);
        g.writeObjectFieldStart("body");
        g.writeStringField("contentType", content.html() ? "HTML" : "Text");
        g.writeStringField("content", content.body());
        g.writeEndObject();

        MimeSubmission.Recipients r = submission.submittedRecipients();
        recipients(g, "toRecipients", r.to());
        recipients(g, "ccRecipients", r.cc());
        recipients(g, "bccRecipients", r.bcc());
        String replyTo = message.getHeader("Reply-To", ",");   // getReplyTo() would answer From when there is none
        if (replyTo != null) {
            recipients(g, "replyTo", List.of(InternetAddress.parseHeader(replyTo, false)));
        }
        unlessMailbox(g, "from", message.getFrom(), mailbox);
        unlessMailbox(g, "sender", message.getSender() == null ? null : new Address[]{message.getSender()}, mailbox);
        String importance = GraphHeaders.importance(message);
        if (importance != null) g.writeStringField("importance", importance);

        if (!headers.isEmpty()) {   // an empty array is reported to fail the request (docs/graph-behaviour.md §1.4)
            g.writeArrayFieldStart("internetMessageHeaders");
            for (GraphHeaders.Custom h : headers) {
                g.writeStartObject();
                g.writeStringField("name", h.name());
                g.writeStringField("value", h.value());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (!content.attachments().isEmpty()) {
            g.writeArrayFieldStart("attachments");
            for (BodyAndAttachments.Attachment a : content.attachments()) {
                attachment(g, a);
            }
            g.writeEndArray();
        }
    }

    private static void attachment(JsonGenerator g, BodyAndAttachments.Attachment a)
            throws MessagingException, IOException {
        AttachmentJson.writeFileAttachment(g, a.name(), a.contentType(), a.inline(), a.contentId(), a::open);
    }

    private static void recipients(JsonGenerator g, String field, List<? extends Address> list) throws IOException,
            MessagingException {
        g.writeArrayFieldStart(field);
        for (Address a : list) {
            if (!(a instanceof InternetAddress)) continue;
            InternetAddress ia = (InternetAddress) a;
            if (ia.isGroup()) {   // "team: a@x, b@x;" names its members; Graph has no groups
                for (InternetAddress member : ia.getGroup(false)) emailAddress(g, member);
            } else {
                emailAddress(g, ia);
            }
        }
        g.writeEndArray();
    }

    private static void emailAddress(JsonGenerator g, InternetAddress a) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("emailAddress");
        g.writeStringField("address", a.getAddress());
        if (a.getPersonal() != null && !a.getPersonal().isBlank()) g.writeStringField("name", a.getPersonal());
        g.writeEndObject();
        g.writeEndObject();
    }

    /** From and Sender equal to the mailbox are what Graph does anyway; written they could only disagree with it. */
    private static void unlessMailbox(JsonGenerator g, String field, Address[] addresses, String mailbox)
            throws IOException {
        if (addresses == null || addresses.length == 0 || !(addresses[0] instanceof InternetAddress)) return;
        InternetAddress a = (InternetAddress) addresses[0];
        if (a.getAddress() == null || a.getAddress().toLowerCase(Locale.ROOT).equals(mailbox.toLowerCase(Locale.ROOT))) {
            return;
        }
        g.writeFieldName(field);
        emailAddress(g, a);
    }

    private static MessagingException refused(String reason, Exception cause) {
        return new MessagingException(GraphSettings.SAVE_TO_SENT_ITEMS + "=false sends the message as Graph's JSON"
                + " sendMail, and " + reason + ": nothing was sent. Remove " + GraphSettings.SAVE_TO_SENT_ITEMS
                + " to send the MIME unchanged (Graph then keeps a copy in Sent Items)", cause);
    }

    /** Holds the request up to the limit and fails past it, so an oversized message costs at most that much memory. */
    private static final class LimitedBuffer extends ByteArrayOutputStream {
        private final int limit;

        LimitedBuffer(int limit) {
            super(64 * 1024);
            this.limit = limit;
        }

        @Override
        public synchronized void write(int b) {
            if (count + 1 > limit) throw new Overflow();
            super.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            if (count + len > limit) throw new Overflow();
            super.write(b, off, len);
        }

        /** Unchecked so it passes through ByteArrayOutputStream's signatures; caught right above. */
        static final class Overflow extends RuntimeException {
            Overflow() {
                super(null, null, false, false);
            }
        }
    }
}
