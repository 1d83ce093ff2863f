package io.graphmail.bench;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.util.Random;

/**
 * Builds the benchmark's messages. graphmail and RAW call the same code, so any difference in what they cost starts
 * after the message exists: a new MimeMessage per send, as an application builds one per mail.
 */
final class Messages {
    static final String FROM = "sender@contoso.example";
    static final String TO = "alice@contoso.example";

    private final Session session;
    private final String body;
    private final byte[] attachment;

    /**
     * @param bodyBytes       size of the text/plain body (ASCII, 72-character lines with their line break)
     * @param attachmentBytes size of a binary attachment, 0 for none; pseudo-random with a fixed seed, so it does not
     *                        compress and every run sends the same bytes
     */
    Messages(Session session, int bodyBytes, int attachmentBytes) {
        this.session = session;
        this.body = text(bodyBytes);
        this.attachment = attachmentBytes == 0 ? null : random(attachmentBytes);
    }

    MimeMessage build(int index) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(FROM);
        m.setRecipients(Message.RecipientType.TO, TO);
        m.setSubject("graphmail bench " + index);
        if (attachment == null) {
            m.setText(body);
        } else {
            MimeBodyPart text = new MimeBodyPart();
            text.setText(body);
            MimeBodyPart file = new MimeBodyPart();
            file.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment, "application/octet-stream")));
            file.setFileName("data-" + index + ".bin");
            MimeMultipart mixed = new MimeMultipart();
            mixed.addBodyPart(text);
            mixed.addBodyPart(file);
            m.setContent(mixed);
        }
        return m;
    }

    private static String text(int bytes) {
        String line = "The quick brown fox jumps over the lazy dog; graphmail bench text line.";
        StringBuilder b = new StringBuilder(bytes);
        while (b.length() < bytes) {
            b.append(line, 0, Math.min(line.length(), bytes - b.length()));
            if (b.length() < bytes) {
                b.append('\n');
            }
        }
        return b.toString();
    }

    private static byte[] random(int bytes) {
        byte[] data = new byte[bytes];
        new Random(8).nextBytes(data);
        return data;
    }
}
