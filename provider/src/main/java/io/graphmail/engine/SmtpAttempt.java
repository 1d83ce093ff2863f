package io.graphmail.engine;

import io.graphmail.auth.TokenException;
import io.graphmail.config.GraphSettings;
import io.graphmail.mime.MimeSubmission;
import io.graphmail.smtp.SmtpException;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * One message on the SMTP wire ({@code mail.graph.submit=smtp}): the application's message as it wrote it, Bcc
 * header left out as SMTP clients do, to exactly the envelope's recipients, and the outcome in the same terms as on
 * the Graph wire.
 */
final class SmtpAttempt {

    private static final System.Logger LOG = System.getLogger(SmtpAttempt.class.getName());

    private final Mailer mailer;
    private final MimeSubmission submission;
    private final List<InternetAddress> recipients;
    private final RecipientReport notSent;
    private final PrintStream debug;

    SmtpAttempt(Mailer mailer, MimeSubmission submission, List<InternetAddress> recipients, RecipientReport notSent,
                PrintStream debug) {
        this.mailer = mailer;
        this.submission = submission;
        this.recipients = recipients;
        this.notSent = notSent;
        this.debug = debug;
    }

    SendOutcome send(Message message, String mailbox, long start) {
        GraphSettings settings = mailer.settings();
        String endpoint = settings.signIn().smtpHost() + ":" + settings.signIn().smtpPort();
        try {
            long size = submission.size();
            if (size > settings.maxSize()) {
                return refused("the message is " + size + " bytes, over " + GraphSettings.MAX_SIZE + "="
                        + settings.maxSize() + ": nothing was sent", null, null);
            }
            debug("DEBUG graph: SMTP to " + endpoint + " as " + mailbox + ", " + recipients.size() + " recipients");
            String reply = mailer.smtp().send((MimeMessage) message, recipients.toArray(new Address[0]), mailbox);
            long ms = (mailer.waits().nanoTime() - start) / 1_000_000;
            String line = "sent through " + mailbox + " (SMTP " + endpoint + "): " + size + " bytes, "
                    + recipients.size() + " recipients, accepted: " + reply + ", " + ms + " ms";
            LOG.log(System.Logger.Level.DEBUG, line);
            debug("DEBUG graph: " + line);
            return SendOutcome.delivered(reply, RecipientReport.delivered(recipients));
        } catch (SmtpException e) {
            return failure(e, mailbox, endpoint);
        } catch (TokenException e) {
            return refused("not sent: " + e.getMessage(), e, e.errorCode());
        } catch (IOException | MessagingException e) {
            return refused("not sent: could not write the message or read its attachments: " + e.getMessage(), e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return refused("not sent: interrupted while waiting to retry", e, null);
        }
    }

    private SendOutcome failure(SmtpException e, String mailbox, String endpoint) {
        debug("DEBUG graph: SMTP " + e.outcome() + ": " + e.getMessage());
        if (e.outcome() == SmtpException.Outcome.UNCERTAIN) {
            return SendOutcome.uncertain("delivery through mailbox " + mailbox + " over SMTP (" + endpoint
                    + ") is uncertain: " + e.getMessage() + ". graphmail did not resend it, to avoid a duplicate:"
                    + " check the Sent Items of " + mailbox + " or the message trace before sending again", null,
                    notSent, e);
        }
        RecipientReport report = e.invalid().length > 0 ? RecipientReport.invalidAddresses(recipients, e.invalid())
                : notSent;
        return SendOutcome.refused("not sent through mailbox " + mailbox + " over SMTP (" + endpoint + "): "
                + e.getMessage(), e.code(), null, report, e);
    }

    private SendOutcome refused(String text, Exception cause, String code) {
        debug("DEBUG graph: not sent: " + text);
        return SendOutcome.refused(text, code, null, notSent, cause);
    }

    private void debug(String line) {
        if (debug != null) debug.println(line);
    }
}
