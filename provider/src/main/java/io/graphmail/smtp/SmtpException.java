package io.graphmail.smtp;

import jakarta.mail.Address;

/** Why a message did not clearly go through Exchange Online's SMTP endpoint, and whether it may have. */
public final class SmtpException extends Exception {

    /** What the failure means for the message. */
    public enum Outcome {
        /** Refused for good (a 5xx reply): sending it again unchanged fails again. */
        REFUSED,
        /** Not accepted, for now (a 4xx reply, a connection that failed before the message was handed over). */
        NOT_SENT,
        /** The message was handed over but no reply said whether it was taken: never resend it blindly. */
        UNCERTAIN
    }

    private final Outcome outcome;
    private final int replyCode;
    private final String reply;
    private final boolean authentication;
    private final transient Address[] invalid;

    SmtpException(String message, Outcome outcome, int replyCode, String reply, boolean authentication,
                  Address[] invalid, Throwable cause) {
        super(message, cause);
        this.outcome = outcome;
        this.replyCode = replyCode;
        this.reply = reply;
        this.authentication = authentication;
        this.invalid = invalid == null ? new Address[0] : invalid.clone();
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The server's reply code (e.g. 535), or -1 when there was no reply. */
    public int replyCode() {
        return replyCode;
    }

    /** The server's last reply line, e.g. {@code 535 5.7.3 Authentication unsuccessful}, or null. */
    public String reply() {
        return reply;
    }

    /** Whether Exchange refused the sign-in (AUTH), which is a matter of configuration, not of the message. */
    public boolean authentication() {
        return authentication;
    }

    /** The recipients the server refused, if any. */
    public Address[] invalid() {
        return invalid.clone();
    }

    /** The reply as a short code for logs and outcomes, e.g. {@code SMTP 535 5.7.139}. */
    public String code() {
        if (replyCode < 0) return null;
        String enhanced = SmtpReplies.enhanced(reply);
        return "SMTP " + replyCode + (enhanced == null ? "" : " " + enhanced);
    }
}
