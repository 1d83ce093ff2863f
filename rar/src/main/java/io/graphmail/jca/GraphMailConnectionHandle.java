package io.graphmail.jca;

import io.graphmail.api.GraphMailConnection;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;

/**
 * The handle an application holds between getConnection() and close(). The server may move it to another managed
 * connection (associateConnection); after close() it refuses to send.
 */
public class GraphMailConnectionHandle implements GraphMailConnection {

    private volatile GraphMailManagedConnection managed;

    GraphMailConnectionHandle(GraphMailManagedConnection managed) {
        this.managed = managed;
    }

    void associate(GraphMailManagedConnection mc) {
        this.managed = mc;
    }

    void invalidate() {
        this.managed = null;
    }

    @Override
    public void send(Message message) throws MessagingException {
        send(message, message.getAllRecipients());
    }

    @Override
    public void send(Message message, Address[] recipients) throws MessagingException {
        GraphMailManagedConnection mc = managed;
        if (mc == null) {
            throw new IllegalStateException("this graph mail connection is closed: get a new one from the factory");
        }
        mc.send(message, recipients);
    }

    @Override
    public void close() {
        GraphMailManagedConnection mc = managed;
        managed = null;
        if (mc != null) {
            mc.closed(this);
        }
    }
}
