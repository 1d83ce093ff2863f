package io.graphmail.engine;

import io.graphmail.api.UncertainDeliveryException;
import io.graphmail.auth.TokenException;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;

/**
 * What became of one message handed to a {@link Mailer}: delivered (Graph accepted it, with its request-id), refused
 * (nothing was sent; Graph's code and the recipients at fault when Graph named them), or uncertain (Graph may have
 * accepted it; graphmail did not resend it, so as not to deliver it twice).
 *
 * <p>Adapters translate it: the Jakarta Mail transport into a TransportEvent and an exception, the resource adapter's
 * connection into an exception. {@link #exception()} is the one both throw, so a caller sees the same failure
 * whichever way it sent.
 */
public final class SendOutcome {

    /** The three outcomes a caller can act on. */
    public enum Status {
        /** Graph accepted the message for every recipient (a 202). */
        DELIVERED,
        /** Nothing was sent: the text says why and what to fix. Sending again after the fix is safe. */
        REFUSED,
        /** Graph may have accepted the message: check before sending it again. */
        UNCERTAIN,
        /** Stored durably in the outbox ({@code mail.graph.outbox}); a background sender delivers it. */
        STORED
    }

    private final Status status;
    private final String requestId;
    private final String graphCode;
    private final String text;
    private final RecipientReport recipients;
    private final Exception cause;

    private SendOutcome(Status status, String requestId, String graphCode, String text, RecipientReport recipients,
                        Exception cause) {
        this.status = status;
        this.requestId = requestId;
        this.graphCode = graphCode;
        this.text = text;
        this.recipients = recipients;
        this.cause = cause;
    }

    static SendOutcome delivered(String requestId, RecipientReport recipients) {
        return new SendOutcome(Status.DELIVERED, requestId, null, null, recipients, null);
    }

    static SendOutcome refused(String text, String graphCode, String requestId, RecipientReport recipients,
                               Exception cause) {
        return new SendOutcome(Status.REFUSED, requestId, graphCode, text, recipients, cause);
    }

    static SendOutcome stored(String rowId, RecipientReport recipients) {
        return new SendOutcome(Status.STORED, null, null, "stored in the outbox as row " + rowId, recipients, null);
    }

    static SendOutcome uncertain(String text, String requestId, RecipientReport recipients, Exception cause) {
        return new SendOutcome(Status.UNCERTAIN, requestId, null, text, recipients, cause);
    }

    public Status status() {
        return status;
    }

    public boolean delivered() {
        return status == Status.DELIVERED;
    }

    /** Delivered to Graph, or stored in the outbox for delivery: the caller's part is done. */
    public boolean accepted() {
        return status == Status.DELIVERED || status == Status.STORED;
    }

    /** How long Graph asked to wait before trying again (Retry-After), when the refusal said so; else null. */
    public java.time.Duration retryAfter() {
        if (cause instanceof io.graphmail.graph.GraphException g && g.error() != null
                && g.error().retryAfterSeconds() != null) {
            return java.time.Duration.ofSeconds(g.error().retryAfterSeconds());
        }
        return null;
    }

    /** Graph's request-id of the accepted send (what Microsoft support asks for), or of the refusal; may be null. */
    public String requestId() {
        return requestId;
    }

    /** Graph's error code (e.g. {@code ErrorInvalidRecipients}) or the AADSTS code, when the refusal came with one. */
    public String graphCode() {
        return graphCode;
    }

    /** Why it was not delivered and what to do; null when delivered. Never contains a secret or token. */
    public String text() {
        return text;
    }

    /** The underlying failure (a GraphException, a TokenException, an IOException...), or null. */
    public Exception cause() {
        return cause;
    }

    /** The TransportEvent type Jakarta Mail listeners expect for this outcome. */
    public int eventType() {
        return recipients.eventType();
    }

    public Address[] validSent() {
        return recipients.validSent();
    }

    public Address[] validUnsent() {
        return recipients.validUnsent();
    }

    public Address[] invalid() {
        return recipients.invalid();
    }

    /**
     * The exception a caller gets when the message was not delivered: an {@link UncertainDeliveryException} when Graph
     * may have accepted it; an {@link AuthenticationFailedException} when the identity platform refused the
     * credentials or Exchange's SMTP endpoint refused the sign-in (nothing was sent, and nothing will be until the
     * configuration is fixed); else a
     * {@link jakarta.mail.SendFailedException} with the same address lists as the event.
     *
     * @throws IllegalStateException when the message was delivered
     */
    public MessagingException exception() {
        return switch (status) {
            case DELIVERED, STORED -> throw new IllegalStateException(status + ": there is no failure");
            case UNCERTAIN -> new UncertainDeliveryException(text, cause);
            case REFUSED -> cause instanceof TokenException && ((TokenException) cause).credentialRejected()
                    || cause instanceof io.graphmail.smtp.SmtpException s && s.authentication()
                    ? new AuthenticationFailedException(text, cause) : recipients.failure(text, cause);
        };
    }

    @Override
    public String toString() {
        return "SendOutcome[" + status + (requestId == null ? "" : ", request-id " + requestId)
                + (graphCode == null ? "" : ", " + graphCode) + "]";
    }
}
