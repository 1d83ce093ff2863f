package io.graphmail.api;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;

/** A handle for sending through Microsoft Graph, obtained from a {@link GraphMailConnectionFactory}. */
public interface GraphMailConnection extends AutoCloseable {

    /** Sends to the message's To, Cc and Bcc recipients. */
    void send(Message message) throws MessagingException;

    /** Sends to exactly {@code recipients}, whatever the message's headers say (like {@code Transport.send(msg, addresses)}). */
    void send(Message message, Address[] recipients) throws MessagingException;

    /** Gives the handle back; never throws. */
    @Override
    void close();
}
