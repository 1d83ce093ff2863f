package io.graphmail.transport;

import io.graphmail.api.UncertainDeliveryException;
import io.graphmail.auth.TokenException;
import io.graphmail.config.GraphSettings;
import io.graphmail.config.InvalidSettingException;
import io.graphmail.config.SettingsCache;
import io.graphmail.graph.GraphError;
import io.graphmail.graph.GraphException;
import io.graphmail.mime.GraphJsonMessage;
import io.graphmail.mime.LargeParts;
import io.graphmail.mime.MimeSubmission;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.InternetAddress;

import java.io.IOException;
import java.util.List;

/**
 * The Jakarta Mail transport {@code graph}: sends each message through Microsoft Graph's sendMail as base64 MIME,
 * authenticated as an application with OAuth 2.0 client credentials. A message over Graph's 4 MB request limit goes
 * as a draft with its large attachments uploaded afterwards ({@link LargeParts}), which needs Mail.ReadWrite. With
 * {@code mail.graph.savetosentitems=false} every message goes as JSON instead ({@link GraphJsonMessage}).
 *
 * <p>{@code connect()} validates the {@code mail.graph.*} settings and obtains a token, so that a wrong secret fails
 * there, as a wrong SMTP password would. The client secret may also come as the password given to {@code connect()}
 * or by the session's Authenticator.
 */
public class GraphTransport extends jakarta.mail.Transport {

    /** Graph's limit of To + Cc + Bcc recipients per message (graph-contract §1.1). */
    static final int MAX_RECIPIENTS = 500;

    private static final System.Logger LOG = System.getLogger(GraphTransport.class.getName());

    private Mailer mailer;
    private String connectUser;
    private volatile String lastRequestId;
    private boolean missingCredential;

    public GraphTransport(Session session, URLName urlname) {
        super(session, urlname);
    }

    @Override
    public synchronized void connect(String host, int port, String user, String password) throws MessagingException {
        missingCredential = false;
        try {
            super.connect(host, port, user, password);
        } catch (AuthenticationFailedException e) {
            if (missingCredential) {
                throw new AuthenticationFailedException("no client credential for the graph transport: set "
                        + GraphSettings.CLIENT_SECRET + " (the secret's Value), " + GraphSettings.CERTIFICATE
                        + " or " + GraphSettings.ASSERTION_FILE + ", or pass the client secret as the password to"
                        + " connect() or through the session's Authenticator");
            }
            throw e;
        }
    }

    @Override
    protected boolean protocolConnect(String host, int port, String user, String password) throws MessagingException {
        GraphSettings settings = settings(session);
        if (!settings.hasCredential()) {
            if (password == null || password.isEmpty()) {
                missingCredential = true;
                return false;  // lets Service ask the session's Authenticator, then call us again
            }
            settings = settings.withClientSecret(password);
        }
        Mailer m;
        try {
            m = Mailers.forSettings(settings);
        } catch (IOException e) {
            throw new MessagingException(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new MessagingException(e.getMessage(), e);
        }
        try {
            m.verify();
        } catch (TokenException e) {
            if (e.credentialRejected()) {
                throw new AuthenticationFailedException(e.getMessage(), e);
            }
            throw new MessagingException(e.getMessage(), e);
        }
        this.mailer = m;
        this.connectUser = user;
        return true;
    }

    /** Parses the session's settings, turning a bad property into a MessagingException that names it. */
    static GraphSettings settings(Session session) throws MessagingException {
        try {
            return SettingsCache.settings(session.getProperties());
        } catch (InvalidSettingException e) {
            throw new MessagingException("graph transport configuration: " + e.getMessage(), e);
        }
    }

    /**
     * Disconnects. As with Angus SMTP, closing a transport that is not connected does nothing: no second
     * ConnectionEvent.CLOSED for listeners that count them.
     */
    @Override
    public synchronized void close() throws MessagingException {
        mailer = null;
        if (!isConnected()) {
            return;
        }
        super.close();
    }

    @Override
    public void sendMessage(Message message, Address[] addresses) throws MessagingException {
        Mailer m;
        synchronized (this) {
            m = mailer;
        }
        if (m == null || !isConnected()) {
            throw new IllegalStateException("not connected: call connect() first (Transport.send does it for you)");
        }
        if (addresses == null || addresses.length == 0) {
            throw new SendFailedException("No recipient addresses");
        }
        MimeSubmission submission = MimeSubmission.of(message, addresses);
        List<InternetAddress> recipients = submission.recipients();
        if (recipients.isEmpty()) {
            throw new SendFailedException("No recipient addresses");   // only empty groups, as undisclosed-recipients:;
        }
        // Past these checks (which, as in Angus, fail without an event), every failure is reported to the
        // TransportListeners exactly once, with the lists RecipientReport explains.
        RecipientReport notSent = RecipientReport.notSent(recipients);
        if (recipients.size() > MAX_RECIPIENTS) {
            fail("the message has " + recipients.size() + " recipients; Microsoft Graph accepts at most "
                    + MAX_RECIPIENTS + " per message (To, Cc and Bcc together): nothing was sent, split the"
                    + " recipients over several messages", null, message, notSent);
        }
        GraphSettings settings = m.settings();
        InternetAddress from = from(message);
        String mailbox = mailbox(settings, from);
        if (mailbox == null) {
            fail("no mailbox to send through: set " + GraphSettings.USER + " or give the message a From address",
                    null, message, notSent);
        }
        String effectiveFrom = from != null ? from.getAddress() : mailbox;
        if (!settings.fromAllowed().allows(effectiveFrom)) {
            fail("From " + effectiveFrom + " is not allowed by " + GraphSettings.FROM_ALLOWED + "="
                    + settings.fromAllowed() + ": nothing was sent; use an allowed From address or add this one",
                    null, message, notSent);
        }

        long size = 0;
        try {
            size = submission.size();   // streamed through a counter: a large message is never held
        } catch (IOException e) {
            fail("not sent: could not write the message as MIME: " + e.getMessage(), e, message, notSent);
        }
        if (size > settings.maxSize()) {
            fail("the message is " + size + " bytes, over " + GraphSettings.MAX_SIZE + "=" + settings.maxSize()
                    + ": nothing was sent", null, message, notSent);
        }
        // only the JSON form of sendMail can skip Sent Items; it has no upload sessions, so it is one request or none
        boolean json = !settings.saveToSentItems();
        boolean small = MimeSubmission.base64Length(size) <= Mailer.MAX_REQUEST_BYTES;
        LargeParts plan = null;
        byte[] base64 = null;   // the request body: base64 MIME, or JSON when json
        try {
            if (json) {
                base64 = GraphJsonMessage.sendMailBody(submission, mailbox, Mailer.MAX_REQUEST_BYTES);
            } else if (small) {
                base64 = submission.base64();
            } else {
                plan = LargeParts.choose(submission, Mailer.MAX_REQUEST_BYTES);
            }
        } catch (IOException e) {
            fail("not sent: could not write the message as MIME: " + e.getMessage(), e, message, notSent);
        } catch (MessagingException e) {
            fail("not sent: " + e.getMessage(), e, message, notSent);
        }

        long start = System.nanoTime();
        long bytes = size;
        try {
            String requestId = json ? m.sendJson(mailbox, base64)
                    : small ? m.sendMime(mailbox, base64) : m.sendLarge(mailbox, plan);
            lastRequestId = requestId;
            LOG.log(System.Logger.Level.DEBUG, () -> "sent through " + mailbox + ": " + bytes + " bytes, "
                    + recipients.size() + " recipients, 202, request-id " + requestId + ", "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
            RecipientReport delivered = RecipientReport.delivered(recipients);
            notifyTransportListeners(delivered.eventType(), delivered.validSent(), delivered.validUnsent(),
                    delivered.invalid(), message);
        } catch (TokenException e) {
            fail("not sent: " + e.getMessage(), e, message, notSent);
        } catch (GraphException e) {
            handle(e, message, recipients, notSent, mailbox, effectiveFrom, settings.saveToSentItems());
        } catch (IOException e) {
            fail("not sent: could not read the message's attachments: " + e.getMessage(), e, message, notSent);
        }
    }

    /** Graph's request-id for the last message this transport sent, or null; what Microsoft support asks for. */
    public String lastRequestId() {
        return lastRequestId;
    }

    private void handle(GraphException e, Message message, List<InternetAddress> recipients, RecipientReport notSent,
                        String mailbox, String from, boolean sentItemsCopy) throws MessagingException {
        GraphError error = e.error();
        if (e.outcome() == GraphException.Outcome.UNCERTAIN) {
            // No event type says "unknown". Angus reports a connection lost after DATA as NOT_DELIVERED with every
            // address valid-unsent; graphmail does the same, and the exception's type tells the caller the truth.
            tell(message, notSent);
            // without a Sent Items copy (savetosentitems=false) only the message trace can tell
            String check = sentItemsCopy ? "check the Sent Items of " + mailbox
                    : "check the message trace in the Exchange admin center (" + GraphSettings.SAVE_TO_SENT_ITEMS
                    + "=false keeps no copy in Sent Items)";
            throw new UncertainDeliveryException("delivery through mailbox " + mailbox + " is uncertain: "
                    + e.getMessage() + ". graphmail did not resend it, to avoid a duplicate: " + check
                    + " before sending again", e);
        }
        String advice = e.advice() != null ? e.advice()
                : error == null ? null : GraphAdvice.forCode(error.code(), mailbox, from);
        String text = "not sent through mailbox " + mailbox + ": " + e.getMessage() + (advice == null ? "" : ". " + advice);
        RecipientReport report = error != null && "ErrorInvalidRecipients".equals(error.code())
                ? RecipientReport.invalidRecipients(recipients, error.message()) : notSent;
        fail(text, e, message, report);
    }

    /** Tells the TransportListeners, then throws the SendFailedException with the same address lists. */
    private void fail(String text, Exception cause, Message message, RecipientReport report)
            throws SendFailedException {
        tell(message, report);
        throw report.failure(text, cause);
    }

    private void tell(Message message, RecipientReport report) {
        notifyTransportListeners(report.eventType(), report.validSent(), report.validUnsent(), report.invalid(),
                message);
    }

    private static InternetAddress from(Message message) throws MessagingException {
        Address[] from = message.getFrom();
        if (from == null || from.length == 0 || !(from[0] instanceof InternetAddress)) {
            return null;
        }
        return (InternetAddress) from[0];
    }

    /** mail.graph.user (or mail.user), else the user given to connect(), else the From address (DESIGN step 2). */
    private String mailbox(GraphSettings settings, InternetAddress from) {
        if (settings.user() != null) return settings.user();
        if (connectUser != null && connectUser.contains("@")) return connectUser;
        if (from != null) return from.getAddress();
        return null;
    }
}
