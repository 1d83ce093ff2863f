package io.graphmail.api;

import jakarta.mail.MessagingException;

/**
 * The message was handed to Microsoft Graph but no clear answer came back (a timeout, a reset connection, a 504): it
 * may or may not have been accepted. graphmail does not resend it by itself, because a blind resend is how duplicate
 * mail happens; check the sender's Sent Items (or the recipient) before sending again.
 *
 * <p>A message sent as a draft (over about 3 MB) is looked up by its immutable id first; this exception means that
 * lookup could not tell either (the message was not found, was on its way, or the lookup failed). A draft found still
 * unsent is deleted and reported as a plain SendFailedException instead.
 */
public class UncertainDeliveryException extends MessagingException {

    private static final long serialVersionUID = 1L;

    public UncertainDeliveryException(String message, Exception cause) {
        super(message, cause);
    }
}
