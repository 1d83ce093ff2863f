package io.graphmail.engine;

import io.graphmail.auth.TokenException;
import io.graphmail.config.GraphSettings;
import io.graphmail.graph.GraphClient;
import io.graphmail.graph.GraphError;
import io.graphmail.graph.GraphException;
import io.graphmail.mime.GraphJsonMessage;
import io.graphmail.mime.LargeParts;
import io.graphmail.mime.MimeSubmission;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.util.List;

/** One message on its way through a {@link Mailer}: the decisions in order, each refusal with the text a caller needs. */
final class SendAttempt {

    private static final System.Logger LOG = System.getLogger(SendAttempt.class.getName());

    private final Mailer mailer;
    private final MimeSubmission submission;
    private final List<InternetAddress> recipients;
    private final RecipientReport notSent;
    private final PrintStream debug;
    private final DraftRecorder recorder;

    SendAttempt(Mailer mailer, MimeSubmission submission, List<InternetAddress> recipients, PrintStream debug,
            DraftRecorder recorder) {
        this.recorder = recorder;
        this.mailer = mailer;
        this.submission = submission;
        this.recipients = recipients;
        this.notSent = RecipientReport.notSent(recipients);
        this.debug = debug;
    }

    SendOutcome send(Message message, String fallbackMailbox) throws MessagingException {
        GraphSettings settings = mailer.settings();
        InternetAddress from = from(message);
        String mailbox = mailbox(settings, from, fallbackMailbox);
        SendOutcome checked = check(from, mailbox);
        if (checked != null) {
            return checked;
        }
        String effectiveFrom = from != null ? from.getAddress() : mailbox;
        long start = mailer.waits().nanoTime();
        if (mailer.smtp() != null) {
            return new SmtpAttempt(mailer, submission, recipients, notSent, debug).send(message, mailbox, start);
        }
        try {
            Submitted s = submit(settings, mailbox);
            if (s.refusal != null) {
                return s.refusal;
            }
            long ms = (mailer.waits().nanoTime() - start) / 1_000_000;
            String line = "sent through " + mailbox + " (" + s.path + "): " + s.bytes + " bytes, "
                    + recipients.size() + " recipients, accepted, request-id " + s.requestId + ", " + ms + " ms";
            LOG.log(System.Logger.Level.DEBUG, line);
            debug("DEBUG graph: " + line);
            return SendOutcome.delivered(s.requestId, RecipientReport.delivered(recipients));
        } catch (TokenException e) {
            return refused("not sent: " + e.getMessage(), e, e.errorCode(), null);
        } catch (GraphException e) {
            return graphFailure(e, mailbox, effectiveFrom, settings.saveToSentItems());
        } catch (IOException e) {
            return refused("not sent: could not write the message or read its attachments: " + e.getMessage(), e);
        } catch (MessagingException e) {
            return refused("not sent: " + e.getMessage(), e);
        }
    }

    /**
     * Stores the message in the outbox after the checks a caller should hear about at once (recipients, mailbox,
     * From, size); a background sender delivers it.
     */
    SendOutcome store(Message message, String fallbackMailbox) throws MessagingException {
        InternetAddress from = from(message);
        SendOutcome checked = check(from, mailbox(mailer.settings(), from, fallbackMailbox));
        if (checked != null) {
            return checked;
        }
        try {
            String row = mailer.outbox().store((jakarta.mail.internet.MimeMessage) message,
                    recipients.toArray(new Address[0]), fallbackMailbox, mailer.settings().maxSize());
            debug("DEBUG graph: stored in the outbox as row " + row);
            mailer.wakeOutbox();
            return SendOutcome.stored(row, RecipientReport.delivered(recipients));
        } catch (MessagingException e) {
            return refused(e.getMessage(), e);
        }
    }

    /** The refusals that need no request: too many recipients, no mailbox, a From not allowed; else null. */
    private SendOutcome check(InternetAddress from, String mailbox) {
        GraphSettings settings = mailer.settings();
        if (recipients.size() > Mailer.MAX_RECIPIENTS) {
            return refused("the message has " + recipients.size() + " recipients; Microsoft Graph accepts at most "
                    + Mailer.MAX_RECIPIENTS + " per message (To, Cc and Bcc together): nothing was sent, split the"
                    + " recipients over several messages", null);
        }
        if (mailbox == null) {
            return refused("no mailbox to send through: set " + GraphSettings.USER
                    + " or give the message a From address", null);
        }
        String effectiveFrom = from != null ? from.getAddress() : mailbox;
        if (!settings.fromAllowed().allows(effectiveFrom)) {
            return refused("From " + effectiveFrom + " is not allowed by " + GraphSettings.FROM_ALLOWED + "="
                    + settings.fromAllowed() + ": nothing was sent; use an allowed From address or add this one",
                    null);
        }
        return null;
    }

    private static String mailbox(GraphSettings settings, InternetAddress from, String fallbackMailbox) {
        return settings.user() != null ? settings.user()
                : fallbackMailbox != null && fallbackMailbox.contains("@") ? fallbackMailbox
                : from != null ? from.getAddress() : null;
    }

    /** What went to Graph: the path, the MIME size, the request-id; or a refusal before anything went. */
    private record Submitted(String path, long bytes, String requestId, SendOutcome refusal) {
    }

    private Submitted submit(GraphSettings settings, String mailbox)
            throws MessagingException, IOException, GraphException, TokenException {
        GraphClient graph = mailer.graph();
        if (!settings.saveToSentItems()) {
            // only the JSON form of sendMail can skip Sent Items; it has no upload sessions: one request or none
            long size = submission.size();
            if (size > settings.maxSize()) return new Submitted(null, size, null, tooLarge(size, settings));
            byte[] json = GraphJsonMessage.sendMailBody(submission, mailbox, Mailer.MAX_REQUEST_BYTES);
            debug("DEBUG graph: POST /users/" + mailbox + "/sendMail (JSON, " + json.length + " bytes)");
            String id = graph.post(mailbox, "sendMail", "application/json",
                    () -> HttpRequest.BodyPublishers.ofByteArray(json)).requestId();
            return new Submitted("JSON", size, id, null);
        }
        if (recorder != null) {
            Planned p = planDraft(settings);
            if (p.refusal != null) return new Submitted(null, p.size, null, p.refusal);
            debug("DEBUG graph: " + p.size + " bytes: recorded draft in " + mailbox + ", then send");
            return new Submitted("recorded draft", p.size, mailer.large().send(mailbox, p.plan, recorder), null);
        }
        MimeSubmission.Base64Mime small = submission.base64Within(Mailer.MAX_REQUEST_BYTES);
        if (small != null) {
            if (small.mimeBytes() > settings.maxSize()) {
                return new Submitted(null, small.mimeBytes(), null, tooLarge(small.mimeBytes(), settings));
            }
            byte[] body = small.base64();
            debug("DEBUG graph: POST /users/" + mailbox + "/sendMail (MIME, " + body.length + " bytes base64)");
            String id = graph.post(mailbox, "sendMail", "text/plain",
                    () -> HttpRequest.BodyPublishers.ofByteArray(body)).requestId();
            return new Submitted("MIME", small.mimeBytes(), id, null);
        }
        Planned p = planDraft(settings);
        if (p.refusal != null) return new Submitted(null, p.size, null, p.refusal);
        debug("DEBUG graph: " + p.size + " bytes: draft in " + mailbox + " + " + p.plan.removed().size()
                + " attachment(s) added afterwards, then send");
        return new Submitted("draft + upload", p.size, mailer.large().send(mailbox, p.plan), null);
    }

    /** A draft and the parts added to it afterwards, or why the message cannot go that way. */
    private record Planned(long size, LargeParts plan, SendOutcome refusal) {
    }

    private Planned planDraft(GraphSettings settings) throws MessagingException, IOException {
        long size = submission.size();   // streamed through a counter: a large message is never held
        if (size > settings.maxSize()) return new Planned(size, null, tooLarge(size, settings));
        LargeParts plan = LargeParts.choose(submission, Mailer.MAX_REQUEST_BYTES);
        return new Planned(size, plan, withoutUploadSessions(plan, settings));
    }

    /** A refusal when the plan needs an upload session the configured cloud does not offer; else null. */
    private SendOutcome withoutUploadSessions(LargeParts plan, GraphSettings settings) {
        if (settings.cloud().uploadSessions()) return null;
        for (io.graphmail.mime.AttachmentPart a : plan.removed()) {
            if (a.size() >= LargeParts.UPLOAD_SESSION_MIN) {
                return refused("attachment '" + a.name() + "' is " + a.size() + " bytes: attachments of 3 MB or"
                        + " more need an upload session, which Microsoft Graph does not offer in the "
                        + settings.cloud().propertyValue() + " cloud (" + GraphSettings.CLOUD + "): nothing was"
                        + " sent; send files under 3 MB each, or a link to the file", null);
            }
        }
        return null;
    }

    private SendOutcome tooLarge(long size, GraphSettings settings) {
        return refused("the message is " + size + " bytes, over " + GraphSettings.MAX_SIZE + "="
                + settings.maxSize() + ": nothing was sent", null);
    }

    private SendOutcome graphFailure(GraphException e, String mailbox, String from, boolean sentItemsCopy) {
        GraphError error = e.error();
        String requestId = error == null ? null : error.requestId();
        debug("DEBUG graph: " + e.outcome() + ": " + (error == null ? e.getMessage() : error.toString()));
        if (e.outcome() == GraphException.Outcome.UNCERTAIN) {
            // Angus reports a connection lost after DATA as NOT_DELIVERED with every address valid-unsent; the
            // exception's type tells the caller the truth
            String check = sentItemsCopy ? "check the Sent Items of " + mailbox
                    : "check the message trace in the Exchange admin center (" + GraphSettings.SAVE_TO_SENT_ITEMS
                    + "=false keeps no copy in Sent Items)";
            return SendOutcome.uncertain("delivery through mailbox " + mailbox + " is uncertain: "
                    + e.getMessage() + ". graphmail did not resend it, to avoid a duplicate: " + check
                    + " before sending again", requestId, notSent, e);
        }
        String advice = e.advice() != null ? e.advice()
                : error == null ? null : GraphAdvice.forCode(error.code(), mailbox, from);
        String text = "not sent through mailbox " + mailbox + ": " + e.getMessage()
                + (advice == null ? "" : ". " + advice);
        RecipientReport report = error != null && "ErrorInvalidRecipients".equals(error.code())
                ? RecipientReport.invalidRecipients(recipients, error.message()) : notSent;
        return SendOutcome.refused(text, error == null ? null : error.code(), requestId, report, e);
    }

    private SendOutcome refused(String text, Exception cause) {
        return refused(text, cause, null, null);
    }

    private SendOutcome refused(String text, Exception cause, String code, String requestId) {
        debug("DEBUG graph: not sent: " + text);
        return SendOutcome.refused(text, code, requestId, notSent, cause);
    }

    private void debug(String line) {
        if (debug != null) debug.println(line);
    }

    private static InternetAddress from(Message message) throws MessagingException {
        Address[] from = message.getFrom();
        if (from == null || from.length == 0 || !(from[0] instanceof InternetAddress)) {
            return null;
        }
        return (InternetAddress) from[0];
    }
}
