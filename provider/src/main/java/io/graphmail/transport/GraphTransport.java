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
import jakarta.mail.event.TransportEvent;
import jakarta.mail.internet.InternetAddress;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern UNRESOLVED = Pattern.compile("Recipient \"([^\"]+)\"");

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

    @Override
    public synchronized void close() throws MessagingException {
        mailer = null;
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
        Address[] all = recipients.toArray(new Address[0]);
        if (recipients.size() > MAX_RECIPIENTS) {
            fail(new SendFailedException("the message has " + recipients.size() + " recipients; Microsoft Graph"
                    + " accepts at most " + MAX_RECIPIENTS + " per message (To, Cc and Bcc together): nothing was sent,"
                    + " split the recipients over several messages", null, null, all, null), message, all, null);
        }
        GraphSettings settings = m.settings();
        InternetAddress from = from(message);
        String mailbox = mailbox(settings, from);
        String effectiveFrom = from != null ? from.getAddress() : mailbox;
        if (!settings.fromAllowed().allows(effectiveFrom)) {
            fail(new SendFailedException("From " + effectiveFrom + " is not allowed by " + GraphSettings.FROM_ALLOWED
                    + "=" + settings.fromAllowed() + ": nothing was sent; use an allowed From address or add this one",
                    null, null, all, null), message, all, null);
        }

        long size;
        try {
            size = submission.size();   // streamed through a counter: a large message is never held
        } catch (IOException e) {
            throw new MessagingException("could not write the message as MIME: " + e.getMessage(), e);
        }
        if (size > settings.maxSize()) {
            fail(new SendFailedException("the message is " + size + " bytes, over " + GraphSettings.MAX_SIZE
                    + "=" + settings.maxSize() + ": nothing was sent", null, null, all, null), message, all, null);
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
            throw new MessagingException("could not write the message as MIME: " + e.getMessage(), e);
        } catch (MessagingException e) {
            fail(new SendFailedException("not sent: " + e.getMessage(), e, null, all, null), message, all, null);
        }

        long start = System.nanoTime();
        try {
            String requestId = json ? m.sendJson(mailbox, base64)
                    : small ? m.sendMime(mailbox, base64) : m.sendLarge(mailbox, plan);
            lastRequestId = requestId;
            LOG.log(System.Logger.Level.DEBUG, () -> "sent through " + mailbox + ": " + size + " bytes, "
                    + recipients.size() + " recipients, 202, request-id " + requestId + ", "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
            notifyTransportListeners(TransportEvent.MESSAGE_DELIVERED, all, new Address[0], new Address[0], message);
        } catch (TokenException e) {
            fail(new SendFailedException("not sent: " + e.getMessage(), e, null, all, null), message, all, null);
        } catch (GraphException e) {
            handle(e, message, recipients, mailbox, effectiveFrom);
        } catch (IOException e) {
            fail(new SendFailedException("not sent: could not read the message's attachments: " + e.getMessage(), e,
                    null, all, null), message, all, null);
        }
    }

    /** Graph's request-id for the last message this transport sent, or null; what Microsoft support asks for. */
    public String lastRequestId() {
        return lastRequestId;
    }

    private void handle(GraphException e, Message message, List<InternetAddress> recipients, String mailbox,
                        String from) throws MessagingException {
        Address[] all = recipients.toArray(new Address[0]);
        GraphError error = e.error();
        if (e.outcome() == GraphException.Outcome.UNCERTAIN) {
            notifyTransportListeners(TransportEvent.MESSAGE_NOT_DELIVERED, new Address[0], all, new Address[0], message);
            throw new UncertainDeliveryException("delivery through mailbox " + mailbox + " is uncertain: "
                    + e.getMessage() + ". graphmail did not resend it, to avoid a duplicate: check the Sent Items of "
                    + mailbox + " before sending again", e);
        }
        String advice = e.advice() != null ? e.advice()
                : error == null ? null : GraphAdvice.forCode(error.code(), mailbox, from);
        String text = "not sent through mailbox " + mailbox + ": " + e.getMessage() + (advice == null ? "" : ". " + advice);
        Address[] invalid = new Address[0];
        Address[] unsent = all;
        if (error != null && "ErrorInvalidRecipients".equals(error.code())) {
            List<Address> bad = new ArrayList<>();
            List<Address> rest = new ArrayList<>();
            List<String> named = unresolved(error.message());
            for (InternetAddress a : recipients) {
                (named.contains(a.getAddress().toLowerCase(Locale.ROOT)) ? bad : rest).add(a);
            }
            if (!bad.isEmpty()) {
                invalid = bad.toArray(new Address[0]);
                unsent = rest.toArray(new Address[0]);
            }
        }
        fail(new SendFailedException(text, e, null, unsent, invalid), message, unsent, invalid);
    }

    private void fail(SendFailedException e, Message message, Address[] unsent, Address[] invalid)
            throws SendFailedException {
        notifyTransportListeners(TransportEvent.MESSAGE_NOT_DELIVERED, new Address[0],
                unsent == null ? new Address[0] : unsent, invalid == null ? new Address[0] : invalid, message);
        throw e;
    }

    private static List<String> unresolved(String graphMessage) {
        List<String> out = new ArrayList<>();
        Matcher m = UNRESOLVED.matcher(graphMessage == null ? "" : graphMessage);
        while (m.find()) {
            out.add(m.group(1).toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static InternetAddress from(Message message) throws MessagingException {
        Address[] from = message.getFrom();
        if (from == null || from.length == 0 || !(from[0] instanceof InternetAddress)) {
            return null;
        }
        return (InternetAddress) from[0];
    }

    /** mail.graph.user (or mail.user), else the user given to connect(), else the From address (DESIGN step 2). */
    private String mailbox(GraphSettings settings, InternetAddress from) throws MessagingException {
        if (settings.user() != null) return settings.user();
        if (connectUser != null && connectUser.contains("@")) return connectUser;
        if (from != null) return from.getAddress();
        throw new SendFailedException("no mailbox to send through: set " + GraphSettings.USER
                + " or give the message a From address");
    }
}
