package io.graphmail.sandbox;

import java.time.Instant;
import java.util.List;

/** A message the sandbox accepted for delivery (what Exchange would hand to transport after its 202). */
public interface CapturedMessage {
    /** @return the sandbox's id for it (used by {@code /sandbox/messages/{id}/mime}) */
    String id();

    /** @return the mailbox in the request URL (lower case) */
    String mailbox();

    /** @return the From address (the mailbox when the message had none) */
    String from();

    /** @return To addresses, bare */
    List<String> to();

    /** @return Cc addresses, bare */
    List<String> cc();

    /** @return Bcc addresses, bare (Graph honours Bcc in submitted MIME) */
    List<String> bcc();

    /** @return to + cc + bcc, in that order */
    List<String> envelopeRecipients();

    /** @return the subject, or null */
    String subject();

    /** @return the MIME exactly as submitted, or as generated from JSON / a draft */
    byte[] rawMime();

    /** @return the attachments found in the MIME */
    List<CapturedAttachment> attachments();

    /** @return whether a copy goes to Sent Items */
    boolean saveToSentItems();

    /** @return {@code sendMail-mime}, {@code sendMail-json}, {@code draft} or {@code smtp} */
    String submittedVia();

    /** @return the client ID of the app whose token sent it */
    String clientId();

    /** @return when the sandbox accepted it */
    Instant acceptedAt();

    /**
     * @return the request body exactly as received for a JSON sendMail ({@code {"message":...,"saveToSentItems":...}}),
     *     so tests can check what the client wrote rather than the MIME the sandbox made of it; null for MIME and drafts
     */
    String submittedJson();

    /**
     * @return the SMTP envelope (MAIL FROM, RCPT TO) for a message submitted over SMTP ({@code submittedVia()} is
     *     {@code smtp}); null for Graph submissions, which have no envelope of their own
     */
    SmtpEnvelope envelope();
}
