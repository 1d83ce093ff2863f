package io.graphmail.mime;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The submitted MIME without some of its attachment parts: the body of the draft that large messages start as.
 *
 * <p>Written by walking the caller's part tree and leaving the removed parts out, not by copying the message: a copy
 * ({@code new MimeMessage(msg)}) holds the whole message in memory, and removing parts from the caller's own message
 * would change what the caller holds. Parts that keep all their children are written by Angus Mail itself, so their
 * bytes are exactly those of the full submission.
 */
public final class DraftMime {

    private static final byte[] DASHES = {'-', '-'};

    private final MimeSubmission submission;
    private final Set<Part> removed;

    /** @param removed the parts to leave out (compared by identity) */
    DraftMime(MimeSubmission submission, Set<Part> removed) {
        this.submission = submission;
        Set<Part> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(removed);
        this.removed = set;
    }

    /** @return the size in bytes of this MIME, measured without holding it */
    public long size() throws MessagingException, IOException {
        CountingOutputStream counter = new CountingOutputStream();
        writeTo(counter);
        return counter.count();
    }

    /** @return the base64 of this MIME, without line breaks, as Graph's text/plain message body expects */
    public byte[] base64() throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        try (OutputStream b64 = Base64.getEncoder().wrap(out)) {
            writeTo(b64);
        }
        return out.toByteArray();
    }

    /** Writes this MIME. */
    public void writeTo(OutputStream out) throws MessagingException, IOException {
        if (removed.isEmpty()) {
            submission.writeTo(out);
            return;
        }
        submission.writeHeaders(out);
        // removed parts are never the root, so a message with some has a multipart body
        writeMultipart(out, (Multipart) submission.message().getContent());
    }

    private void writePart(OutputStream out, BodyPart part) throws MessagingException, IOException {
        if (!holdsRemoved(part)) {
            ((MimeBodyPart) part).writeTo(out);
            return;
        }
        Enumeration<String> lines = ((MimeBodyPart) part).getAllHeaderLines();
        while (lines.hasMoreElements()) {
            out.write(submission.headerBytes(lines.nextElement()));
            out.write(MimeSubmission.CRLF);
        }
        out.write(MimeSubmission.CRLF);
        writeMultipart(out, (Multipart) part.getContent());
    }

    /** As MimeMultipart.writeTo, skipping removed children; a multipart left empty gets an empty text part. */
    private void writeMultipart(OutputStream out, Multipart multipart) throws MessagingException, IOException {
        byte[] boundary = new ContentType(multipart.getContentType()).getParameter("boundary")
                .getBytes(StandardCharsets.US_ASCII);
        if (multipart instanceof MimeMultipart) {
            String preamble = ((MimeMultipart) multipart).getPreamble();
            if (preamble != null && !preamble.isEmpty()) {
                out.write(submission.headerBytes(preamble));
                if (!preamble.endsWith("\n")) out.write(MimeSubmission.CRLF);
            }
        }
        int written = 0;
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart child = multipart.getBodyPart(i);
            if (removed.contains(child)) continue;
            delimiter(out, boundary, false);
            writePart(out, child);
            out.write(MimeSubmission.CRLF);
            written++;
        }
        if (written == 0) {
            delimiter(out, boundary, false);
            out.write("Content-Type: text/plain; charset=us-ascii\r\n\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        delimiter(out, boundary, true);
    }

    private static void delimiter(OutputStream out, byte[] boundary, boolean last) throws IOException {
        out.write(DASHES);
        out.write(boundary);
        if (last) out.write(DASHES);
        out.write(MimeSubmission.CRLF);
    }

    private boolean holdsRemoved(Part part) throws MessagingException, IOException {
        if (removed.contains(part)) return true;
        if (!part.isMimeType("multipart/*")) return false;
        Multipart mp = (Multipart) part.getContent();
        for (int i = 0; i < mp.getCount(); i++) {
            if (holdsRemoved(mp.getBodyPart(i))) return true;
        }
        return false;
    }
}
