package io.graphmail.jca;

import io.graphmail.api.GraphMailConnection;
import io.graphmail.api.GraphMailConnectionFactory;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;

import java.io.Serializable;
import javax.naming.Reference;

/** What applications get from JNDI: mail sessions and pooled connections of one graph configuration. */
public class GraphMailConnectionFactoryImpl implements GraphMailConnectionFactory, Serializable, Referenceable {

    private static final long serialVersionUID = 1L;

    private final GraphMailManagedConnectionFactory mcf;
    private final ConnectionManager connectionManager;
    private Reference reference;

    GraphMailConnectionFactoryImpl(GraphMailManagedConnectionFactory mcf, ConnectionManager connectionManager) {
        this.mcf = mcf;
        this.connectionManager = connectionManager;
    }

    /**
     * The session of protocol graph with this factory's settings, the same one on every call. Sessions with equal
     * settings share one Mailer, so
     * this session uses the same token cache and mailbox limits as the pool; Transport.send(msg) on it goes through
     * graph because the session maps rfc822 addresses to graph itself.
     */
    @Override
    public synchronized Session getSession() {
        // one per factory, as a server's mail session resource is: a new Session reads the class path's provider
        // files again, and some servers keep what they read (Payara 6.2025 keeps about 2.5 KB per Session)
        if (session == null) {
            session = Session.getInstance(mcf.sessionProperties());
        }
        return session;
    }

    private transient Session session;

    @Override
    public GraphMailConnection getConnection() throws MessagingException {
        try {
            return (GraphMailConnection) connectionManager.allocateConnection(mcf, null);
        } catch (ResourceException e) {
            throw new MessagingException("no graph mail connection: " + e.getMessage(), e);
        }
    }

    @Override
    public io.graphmail.api.Verification verify() {
        return mcf.verify();
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }
}
