package io.graphmail.sandbox;

import java.util.List;

/**
 * The SMTP envelope of a message submitted over SMTP: the reverse path of MAIL FROM and the RCPT TO addresses, in
 * the order given. The envelope, not the headers, decides who receives the message (Bcc recipients appear only here).
 *
 * @param mailFrom the MAIL FROM address (empty for the null reverse path)
 * @param rcptTo the RCPT TO addresses
 */
public record SmtpEnvelope(String mailFrom, List<String> rcptTo) {
    /** Copies the recipients. */
    public SmtpEnvelope {
        rcptTo = List.copyOf(rcptTo);
    }
}
