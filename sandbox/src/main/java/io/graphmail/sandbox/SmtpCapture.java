package io.graphmail.sandbox;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A message submitted over SMTP, stored like one sent through Graph. Over SMTP the envelope decides who receives it,
 * so To and Cc are the header recipients that are also envelope recipients, and Bcc is every other envelope
 * recipient: exactly the addresses a reader of the headers cannot see.
 */
final class SmtpCapture {
    static final String VIA = "smtp";

    private SmtpCapture() {
    }

    static Capture of(SmtpIdentity who, SmtpEnvelope envelope, byte[] raw, MimeMessage message, Instant acceptedAt) {
        Set<String> remaining = new LinkedHashSet<>();
        envelope.rcptTo().forEach(r -> remaining.add(r.toLowerCase(Locale.ROOT)));
        List<String> to = delivered(headerAddresses(message, "To"), remaining);
        List<String> cc = delivered(headerAddresses(message, "Cc"), remaining);
        List<String> bcc = new ArrayList<>();
        for (String r : envelope.rcptTo()) {
            if (remaining.remove(r.toLowerCase(Locale.ROOT))) {
                bcc.add(r);
            }
        }
        List<String> fromHeader = headerAddresses(message, "From");
        String from = !fromHeader.isEmpty() ? fromHeader.get(0)
            : envelope.mailFrom().isEmpty() ? who.mailbox() : envelope.mailFrom();
        String subject;
        try {
            subject = message.getSubject();
        } catch (MessagingException e) {
            subject = null;
        }
        return new Capture(Ids.newId(), who.mailbox(), from, to, cc, bcc, subject, raw, MimeParts.attachments(message),
            true, VIA, who.clientId(), acceptedAt, null, envelope);
    }

    /** The header's addresses that the envelope delivers to, each taken off {@code remaining} once. */
    private static List<String> delivered(List<String> header, Set<String> remaining) {
        List<String> out = new ArrayList<>();
        for (String a : header) {
            if (remaining.remove(a.toLowerCase(Locale.ROOT))) {
                out.add(a);
            }
        }
        return out;
    }

    /** A header Exchange cannot parse does not stop an SMTP submission: its addresses just count for nothing. */
    static List<String> headerAddresses(MimeMessage message, String header) {
        try {
            return MimeParts.addresses(message, header);
        } catch (GraphError e) {
            return List.of();
        }
    }
}
