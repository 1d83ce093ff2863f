package io.graphmail.sandbox;

import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The checks Exchange makes before it answers 202 to a send (contract §1, §3, §4), then the capture. Shared by
 * sendMail (MIME and JSON) and by sending a draft.
 */
final class Submission {
    static final int MAX_RECIPIENTS = 500;

    private Submission() {
    }

    static Capture accept(SandboxState state, GraphRequest request, MimeMessage message, byte[] raw,
                          boolean saveToSentItems, String via) {
        return accept(state, request, message, raw, saveToSentItems, via, null);
    }

    /** @param json the JSON request body as received, for a JSON sendMail; else null */
    static Capture accept(SandboxState state, GraphRequest request, MimeMessage message, byte[] raw,
                          boolean saveToSentItems, String via, String json) {
        SandboxConfig config = state.config();
        if (raw.length > config.maxMessageBytes()) {
            throw GraphError.badRequest("ErrorMessageSizeExceeded", "The message exceeds the maximum supported size.");
        }
        List<String> fromHeader = MimeParts.addresses(message, "From");
        String from = fromHeader.isEmpty() ? request.mailbox() : fromHeader.get(0);
        if (!from.equalsIgnoreCase(request.mailbox()) && !config.maySendAs(request.mailbox(), from)
            && !config.maySendOnBehalf(request.mailbox(), from)) {
            throw new GraphError(403, "ErrorSendAsDenied", "The user account which was used to submit this request "
                + "does not have the right to send mail on behalf of the specified sending account. Cannot submit "
                + "message.");
        }
        List<String> to = MimeParts.addresses(message, "To");
        List<String> cc = MimeParts.addresses(message, "Cc");
        List<String> bcc = MimeParts.addresses(message, "Bcc");
        List<String> all = new ArrayList<>(to);
        all.addAll(cc);
        all.addAll(bcc);
        if (all.isEmpty()) {
            throw GraphError.badRequest("ErrorInvalidRecipients",
                "At least one recipient is not valid., A message can't be sent because it contains no recipients.");
        }
        if (all.size() > MAX_RECIPIENTS) {
            throw GraphError.badRequest("ErrorTooManyRecipients", "The message has " + all.size()
                + " recipients; a message can have at most " + MAX_RECIPIENTS + " recipients.");
        }
        for (String r : all) {
            if (!plausible(r) || config.unresolvableRecipients().contains(r.toLowerCase(Locale.ROOT))) {
                throw GraphError.badRequest("ErrorInvalidRecipients", "At least one recipient isn't valid., Recipient \""
                    + r + "\" isn't resolved to any email address.");
            }
        }
        String subject;
        try {
            subject = message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            subject = null;
        }
        Capture capture = new Capture(Ids.newId(), request.mailbox(), from, to, cc, bcc, subject, raw,
            MimeParts.attachments(message), saveToSentItems, via, request.clientId(), Instant.now(), json);
        state.capture(capture);
        return capture;
    }

    private static boolean plausible(String address) {
        int at = address.indexOf('@');
        return at > 0 && at < address.length() - 1 && address.indexOf('@', at + 1) < 0 && !address.contains(" ");
    }
}
