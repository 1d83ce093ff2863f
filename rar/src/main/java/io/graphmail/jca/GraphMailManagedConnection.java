package io.graphmail.jca;

import io.graphmail.auth.TokenException;
import io.graphmail.engine.Mailer;
import io.graphmail.engine.SendOutcome;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;

import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;

/**
 * One pooled connection: a handle on the factory's send engine. The pool size maps onto
 * Graph's per-mailbox concurrency; the Mailer's limiter keeps it there even when the pool is larger.
 */
class GraphMailManagedConnection implements ManagedConnection {

    private final GraphMailManagedConnectionFactory factory;
    private volatile Mailer mailer;
    private final Set<GraphMailConnectionHandle> handles = new CopyOnWriteArraySet<>();
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean broken;
    private PrintWriter logWriter;

    GraphMailManagedConnection(GraphMailManagedConnectionFactory factory, Mailer mailer) {
        this.factory = factory;
        this.mailer = mailer;
    }

    GraphMailManagedConnectionFactory factory() {
        return factory;
    }

    /** True once a failure showed that this configuration cannot send (the pool should discard it). */
    boolean isBroken() {
        return broken;
    }

    /** Whether the configuration can obtain a token now (cached tokens make this cheap). */
    boolean isValid() {
        if (broken) return false;
        try {
            mailer.verify();
            return true;
        } catch (TokenException e) {
            return false;
        }
    }

    /**
     * Sends through the factory's engine directly: no Session, no Transport in between.
     *
     * @throws jakarta.mail.SendFailedException when nothing was sent, with the recipients at fault
     * @throws io.graphmail.api.UncertainDeliveryException when Graph may have accepted the message
     */
    void send(Message message, Address[] recipients) throws MessagingException {
        message.saveChanges();  // as Transport.send(msg) does
        Mailer m = mailer;
        if (m.isClosed()) {   // closed under the pool by another adapter instance that stopped
            try {
                m = mailer = factory.mailer();
            } catch (jakarta.resource.ResourceException e) {
                throw new MessagingException(e.getMessage(), e);
            }
        }
        SendOutcome outcome = m.send(message, recipients, null, null);
        if (outcome.accepted()) {
            return;
        }
        MessagingException e = outcome.exception();
        if (poisons(e)) {
            broken = true;
            fire(ConnectionEvent.CONNECTION_ERROR_OCCURRED, null, e);
        }
        throw e;
    }

    /** Credentials or settings that no longer work: every later send on this connection would fail the same way. */
    private static boolean poisons(MessagingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AuthenticationFailedException) return true;
            if (t instanceof TokenException && ((TokenException) t).credentialRejected()) return true;
        }
        return false;
    }

    /**
     * The application closed a handle. After CONNECTION_ERROR_OCCURRED the server owns this connection's end (it
     * destroys it); a CLOSED event on top would hand back a connection it is already discarding, which some
     * servers (Open Liberty: J2CA0079E) report as an illegal state.
     */
    void closed(GraphMailConnectionHandle handle) {
        handles.remove(handle);
        if (!broken) {
            fire(ConnectionEvent.CONNECTION_CLOSED, handle, null);
        }
    }

    private void fire(int type, Object handle, Exception e) {
        ConnectionEvent event = e == null ? new ConnectionEvent(this, type) : new ConnectionEvent(this, type, e);
        if (handle != null) event.setConnectionHandle(handle);
        for (ConnectionEventListener l : listeners) {
            if (type == ConnectionEvent.CONNECTION_CLOSED) l.connectionClosed(event);
            else l.connectionErrorOccurred(event);
        }
    }

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) {
        GraphMailConnectionHandle h = new GraphMailConnectionHandle(this);
        handles.add(h);
        return h;
    }

    @Override
    public void associateConnection(Object connection) throws ResourceException {
        if (!(connection instanceof GraphMailConnectionHandle)) {
            throw new ResourceException("not a graph mail connection: " + connection);
        }
        GraphMailConnectionHandle h = (GraphMailConnectionHandle) connection;
        h.associate(this);
        handles.add(h);
    }

    @Override
    public void cleanup() {
        for (GraphMailConnectionHandle h : handles) h.invalidate();
        handles.clear();
    }

    @Override
    public void destroy() {
        cleanup();
        listeners.clear();
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public XAResource getXAResource() throws ResourceException {
        throw new NotSupportedException("graph mail connections are not transactional");
    }

    @Override
    public LocalTransaction getLocalTransaction() throws ResourceException {
        throw new NotSupportedException("graph mail connections are not transactional");
    }

    @Override
    public ManagedConnectionMetaData getMetaData() {
        return new ManagedConnectionMetaData() {
            @Override
            public String getEISProductName() {
                return "Microsoft Graph";
            }

            @Override
            public String getEISProductVersion() {
                return "v1.0";
            }

            @Override
            public int getMaxConnections() {
                return 0;
            }

            @Override
            public String getUserName() {
                return mailer.settings().user();
            }
        };
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }
}
