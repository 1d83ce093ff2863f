package io.graphmail.sandbox;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Reading submitted MIME with Angus Mail: parsing, addresses, attachments. */
final class MimeParts {
    static final Session SESSION = Session.getInstance(new Properties());

    private MimeParts() {
    }

    static MimeMessage parse(byte[] raw) {
        try {
            return new KeepIdMessage(new ByteArrayInputStream(raw));
        } catch (MessagingException e) {
            throw GraphError.badRequest("ErrorMimeContentInvalid", "The MIME content is invalid: " + e.getMessage());
        }
    }

    static byte[] bytes(MimeMessage message) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("cannot write MIME", e);
        }
    }

    /** Bare addresses of a header, e.g. To. Unparseable entries are kept as written so they fail as recipients. */
    static List<String> addresses(MimeMessage m, String header) {
        List<String> out = new ArrayList<>();
        try {
            String value = m.getHeader(header, ",");
            if (value == null) {
                return out;
            }
            for (Address a : InternetAddress.parseHeader(value, false)) {
                if (a instanceof InternetAddress ia && !ia.isGroup()) {
                    out.add(ia.getAddress());
                } else if (a instanceof InternetAddress ia) {
                    for (InternetAddress member : ia.getGroup(false)) {
                        out.add(member.getAddress());
                    }
                }
            }
        } catch (MessagingException e) {
            throw GraphError.badRequest("ErrorInvalidRecipients", "At least one recipient isn't valid., The "
                + header + " header cannot be parsed.");
        }
        return out;
    }

    /** Leaf parts that are attachments: a disposition, a file name, or a Content-ID on a non-body part. */
    static List<CapturedAttachment> attachments(Part message) {
        List<CapturedAttachment> out = new ArrayList<>();
        try {
            walk(message, out, true);
        } catch (MessagingException | IOException e) {
            throw GraphError.badRequest("ErrorMimeContentInvalid", "The MIME content is invalid: " + e.getMessage());
        }
        return out;
    }

    private static void walk(Part part, List<CapturedAttachment> out, boolean top) throws MessagingException,
        IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart child = mp.getBodyPart(i);
                walk(child, out, false);
            }
            return;
        }
        if (top) {
            return;
        }
        String disposition = part.getDisposition();
        String filename = fileName(part);
        String contentId = part instanceof MimePart mp ? mp.getContentID() : null;
        boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(disposition) || filename != null
            || (contentId != null && !part.isMimeType("text/plain") && !part.isMimeType("text/html"));
        if (!attachment) {
            return;
        }
        long size = 0;
        try (InputStream in = part.getInputStream()) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                size += n;
            }
        }
        boolean inline = Part.INLINE.equalsIgnoreCase(disposition) || (disposition == null && contentId != null);
        String type = new ContentType(part.getContentType()).getBaseType().toLowerCase(java.util.Locale.ROOT);
        out.add(new CapturedAttachment(filename, type, size, inline, strip(contentId)));
    }

    /**
     * The file name as Exchange shows it: RFC 2231 parameters are decoded by Angus, and RFC 2047 encoded words
     * ({@code filename="=?UTF-8?B?...?="}, what Outlook and many webmails write) are decoded here too, as Exchange
     * does; Angus decodes those only with its mail.mime.decodefilename system property.
     */
    static String fileName(Part part) throws MessagingException {
        String name = part.getFileName();
        if (name != null && name.contains("=?")) {
            try {
                return jakarta.mail.internet.MimeUtility.decodeText(name);
            } catch (java.io.UnsupportedEncodingException unknownCharset) {
                return name;
            }
        }
        return name;
    }

    private static String strip(String contentId) {
        if (contentId == null) {
            return null;
        }
        String s = contentId.trim();
        return s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1) : s;
    }

    /** Keeps a Message-ID already present: the draft's internetMessageId must survive saveChanges. */
    static final class KeepIdMessage extends MimeMessage {
        KeepIdMessage() {
            super(SESSION);
        }

        KeepIdMessage(InputStream in) throws MessagingException {
            super(SESSION, in);
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            if (getHeader("Message-ID") == null) {
                super.updateMessageID();
            }
        }
    }
}
