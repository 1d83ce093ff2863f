package io.graphmail.mime;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;

import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.util.Locale;

/**
 * A leaf attachment part of the caller's message, described the way Graph's attachment resources want it: file name,
 * decoded size, content type, inline flag and Content-ID. Its bytes are read from the part each time they are needed,
 * never kept.
 */
public final class AttachmentPart {

    private final MimePart part;
    private final String name;
    private final String contentType;
    private final long size;
    private final boolean inline;
    private final String contentId;

    private AttachmentPart(MimePart part, String name, String contentType, long size, boolean inline,
                           String contentId) {
        this.part = part;
        this.name = name;
        this.contentType = contentType;
        this.size = size;
        this.inline = inline;
        this.contentId = contentId;
    }

    /** Whether a leaf part is an attachment rather than the message's text: a disposition, a file name or a CID. */
    static boolean isAttachment(MimePart part) throws MessagingException {
        if (part.isMimeType("multipart/*") || part.isMimeType("message/*")) {
            return false;   // containers are walked; attached messages are items, not files, and stay in the draft
        }
        return part.getDisposition() != null || part.getFileName() != null
                || (part.getContentID() != null && !part.isMimeType("text/plain") && !part.isMimeType("text/html"));
    }

    /** Describes a part, measuring its decoded size by reading it through once. */
    static AttachmentPart of(MimePart part) throws MessagingException, IOException {
        String contentId = contentId(part);
        String disposition = part.getDisposition();
        boolean inline = Part.INLINE.equalsIgnoreCase(disposition) || (disposition == null && contentId != null);
        String name = fileName(part);
        if (name == null) {
            name = contentId != null ? contentId : "attachment";
        }
        String type = baseType(part);
        long size = 0;
        try (InputStream in = part.getInputStream()) {
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                size += n;
            }
        }
        return new AttachmentPart(part, name, type, size, inline, contentId);
    }

    /**
     * The file name with RFC 2231 ({@code filename*=UTF-8''...}, decoded by Angus Mail) and RFC 2047
     * ({@code =?UTF-8?B?...?=}, which Angus decodes only with the mail.mime.decodefilename system property) undone.
     */
    static String fileName(MimePart part) throws MessagingException {
        String name = part.getFileName();
        if (name != null && name.contains("=?")) {
            try {
                name = MimeUtility.decodeText(name);
            } catch (UnsupportedEncodingException unknownCharset) {
                // keep the name as written
            }
        }
        return name;
    }

    /** The part's Content-ID without its angle brackets, as Graph's contentId and {@code cid:} URLs use it, or null. */
    static String contentId(Part part) throws MessagingException {
        return part instanceof MimePart ? stripBrackets(((MimePart) part).getContentID()) : null;
    }

    /** The part's type without parameters, lower case; application/octet-stream when it cannot be parsed. */
    static String baseType(Part part) throws MessagingException {
        try {
            return new ContentType(part.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
        } catch (Exception unparsable) {
            return "application/octet-stream";
        }
    }

    private static String stripBrackets(String contentId) {
        if (contentId == null) return null;
        String id = contentId.trim();
        if (id.startsWith("<") && id.endsWith(">")) {
            id = id.substring(1, id.length() - 1);
        }
        return id.isEmpty() ? null : id;
    }

    MimePart part() {
        return part;
    }

    /** @return the file name (decoded), else the Content-ID, else "attachment" */
    public String name() { return name; }

    /** @return the MIME type without parameters, lower case */
    public String contentType() { return contentType; }

    /** @return the decoded size in bytes */
    public long size() { return size; }

    /** @return whether it is shown in the body (Content-Disposition inline, or a Content-ID without disposition) */
    public boolean inline() { return inline; }

    /** @return the Content-ID without angle brackets, or null */
    public String contentId() { return contentId; }

    /** @return a new stream over the decoded bytes (Content-Transfer-Encoding undone) */
    public InputStream open() throws IOException {
        try {
            return part.getInputStream();
        } catch (MessagingException e) {
            throw new IOException("cannot read attachment '" + name + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "'" + name + "' (" + contentType + ", " + size + " bytes" + (inline ? ", inline" : "") + ")";
    }
}
