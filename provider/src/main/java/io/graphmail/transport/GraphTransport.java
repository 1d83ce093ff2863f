package io.graphmail.transport;

import io.graphmail.auth.TokenException;
import io.graphmail.config.GraphSettings;
import io.graphmail.config.InvalidSettingException;
import io.graphmail.config.SettingsCache;
import io.graphmail.engine.Mailer;
import io.graphmail.engine.MailerRegistry;
import io.graphmail.engine.SendOutcome;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;

import java.io.IOException;

/**
 * The Jakarta Mail transport {@code graph}: a thin adapter over the send engine ({@link Mailer}) of the session's
 * configuration. It connects (validating the {@code mail.graph.*} settings and obtaining a token, so that a wrong
 * secret fails there, as a wrong SMTP password would), hands each message to the engine, and turns the engine's
 * outcome into TransportEvents and exceptions as Angus SMTP would.
 *
 * <p>The client secret may also come as the password given to {@code connect()} or by the session's Authenticator.
 */
public class GraphTransport extends jakarta.mail.Transport {

    private MailerRegistry.Lease lease;
    private String connectUser;
    private volatile String lastRequestId;
    private volatile SendOutcome lastOutcome;
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
        if (settings.needsClientSecret()) {
            if (password == null || password.isEmpty()) {
                missingCredential = true;
                return false;  // lets Service ask the session's Authenticator, then call us again
            }
            settings = settings.withClientSecret(password);
        }
        MailerRegistry.Lease l;
        try {
            l = MailerRegistry.shared().lease(settings);
        } catch (IOException | IllegalArgumentException e) {
            throw new MessagingException(e.getMessage(), e);
        }
        try {
            l.mailer().verify();
        } catch (TokenException e) {
            l.close();
            if (e.credentialRejected()) {
                throw new AuthenticationFailedException(e.getMessage(), e);
            }
            throw new MessagingException(e.getMessage(), e);
        }
        synchronized (this) {
            if (lease != null) lease.close();
            lease = l;
        }
        this.connectUser = user;
        AddressRoute.warnIfShadowed(session, AddressRoute.contextLoader());
        if (session.getDebug()) {
            session.getDebugOut().println("DEBUG graph: connected, " + settings);
        }
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
     * Disconnects and returns the configuration's engine to the registry. As with Angus SMTP, closing a transport that
     * is not connected does nothing: no second ConnectionEvent.CLOSED for listeners that count them.
     */
    @Override
    public synchronized void close() throws MessagingException {
        if (lease != null) {
            lease.close();
            lease = null;
        }
        if (!isConnected()) {
            return;
        }
        super.close();
    }

    /**
     * Sends through the engine. Past the argument checks (which, as in Angus, fail without an event), every outcome is
     * reported to the TransportListeners exactly once.
     *
     * @throws jakarta.mail.SendFailedException when Graph refused the message or nothing could be sent, with the
     *         valid-unsent and invalid addresses
     * @throws io.graphmail.api.UncertainDeliveryException when Graph may have accepted it: check before resending
     */
    @Override
    public void sendMessage(Message message, Address[] addresses) throws MessagingException {
        Mailer m;
        synchronized (this) {
            m = lease == null ? null : lease.mailer();
            if (m != null && m.isClosed()) {
                // closed under this transport (its adapter stopped): the configuration's new engine serves it
                try {
                    MailerRegistry.Lease fresh = MailerRegistry.shared().lease(m.settings());
                    lease.close();
                    lease = fresh;
                    m = fresh.mailer();
                } catch (IOException | IllegalArgumentException e) {
                    throw new MessagingException(e.getMessage(), e);
                }
            }
        }
        if (m == null || !isConnected()) {
            throw new IllegalStateException("not connected: call connect() first (Transport.send does it for you)");
        }
        SendOutcome outcome = m.send(message, addresses, connectUser, session.getDebug() ? session.getDebugOut() : null);
        lastOutcome = outcome;
        if (outcome.delivered()) {
            lastRequestId = outcome.requestId();
        }
        notifyTransportListeners(outcome.eventType(), outcome.validSent(), outcome.validUnsent(), outcome.invalid(),
                message);
        if (!outcome.accepted()) {
            throw outcome.exception();
        }
    }

    /** What became of the last message handed to this transport, or null. */
    public SendOutcome lastOutcome() {
        return lastOutcome;
    }

    /** Graph's request-id for the last message this transport sent, or null; what Microsoft support asks for. */
    public String lastRequestId() {
        return lastRequestId;
    }
}
