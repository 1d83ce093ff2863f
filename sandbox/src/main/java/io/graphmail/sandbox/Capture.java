package io.graphmail.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The stored form of a captured message. */
record Capture(String id, String mailbox, String from, List<String> to, List<String> cc, List<String> bcc,
               String subject, byte[] mime, List<CapturedAttachment> attachments, boolean saveToSentItems,
               String submittedVia, String clientId, Instant acceptedAt, String submittedJson, SmtpEnvelope envelope)
    implements CapturedMessage {

    /** A message that came through Graph: no SMTP envelope. */
    Capture(String id, String mailbox, String from, List<String> to, List<String> cc, List<String> bcc,
            String subject, byte[] mime, List<CapturedAttachment> attachments, boolean saveToSentItems,
            String submittedVia, String clientId, Instant acceptedAt, String submittedJson) {
        this(id, mailbox, from, to, cc, bcc, subject, mime, attachments, saveToSentItems, submittedVia, clientId,
            acceptedAt, submittedJson, null);
    }

    Capture {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
        attachments = List.copyOf(attachments);
    }

    @Override
    public List<String> envelopeRecipients() {
        List<String> all = new ArrayList<>(to);
        all.addAll(cc);
        all.addAll(bcc);
        return List.copyOf(all);
    }

    @Override
    public byte[] rawMime() {
        return mime.clone();   // callers must not change what later callers see
    }
}
