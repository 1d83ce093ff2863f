package io.graphmail.smtp;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The application's message as Angus's SMTP transport sees it, telling graphmail two things Angus cannot: that the
 * envelope sender is the signed-in mailbox, and whether the whole message was handed over. Only after that can a
 * broken connection mean Exchange took it; before it, Exchange discards the partial data and the message was not sent.
 *
 * <p>Angus reads only the sender, the subject and the bytes of a message it sends (its own extensions aside); the
 * bytes are the original's, written once, never copied.
 */
final class TrackedMessage extends MimeMessage {

    private final MimeMessage original;
    private final Address envelopeSender;
    private volatile boolean written;

    TrackedMessage(Session session, MimeMessage original, String mailbox) throws MessagingException {
        super(session);
        this.original = original;
        this.envelopeSender = new InternetAddress(mailbox);
    }

    /** Angus's MAIL FROM: the mailbox that signed in, as Exchange expects, whatever the From header says. */
    @Override
    public Address[] getFrom() {
        return new Address[]{envelopeSender};
    }

    @Override
    public String getSubject() throws MessagingException {
        return original.getSubject();
    }

    @Override
    public void writeTo(OutputStream os, String[] ignoreList) throws IOException, MessagingException {
        original.writeTo(os, ignoreList);
        written = true;
    }

    @Override
    public void writeTo(OutputStream os) throws IOException, MessagingException {
        writeTo(os, null);
    }

    /** The application saved its message already; nothing here to save. */
    @Override
    public void saveChanges() {
    }

    /** Whether every byte of the message went to the server (only its final answer may be missing). */
    boolean written() {
        return written;
    }
}
