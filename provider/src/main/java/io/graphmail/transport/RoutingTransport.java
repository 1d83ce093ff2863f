package io.graphmail.transport;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.NoSuchProviderException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.URLName;
import jakarta.mail.event.ConnectionListener;
import jakarta.mail.event.TransportListener;

/**
 * Makes {@code mail.transport.protocol=graph} enough for the static {@code Transport.send(msg)}.
 *
 * <p>Jakarta Mail picks the transport of {@code Transport.send} by address type, not by {@code
 * mail.transport.protocol}: the address map says {@code rfc822=smtp} (README.md, "The one switch").
 * graphmail's address map points {@code rfc822} here instead, and this transport hands every call to the transport
 * the session would have used: {@code graph} when the session chose it, otherwise exactly the protocol the address
 * map said before graphmail was on the class path (normally {@code smtp}). A session that did not choose graph thus
 * sends where it always did, through the same transport class; an explicit {@code mail.transport.protocol.rfc822}
 * still wins over all of this. The route is in effect where graphmail's map is read after Angus Mail's: in
 * application servers, not on a flat class path that lists graphmail first ({@link AddressRoute}).
 */
public final class RoutingTransport extends Transport {

    /** The protocol name graphmail's address map gives to rfc822 addresses. */
    public static final String PROTOCOL = "graph-route";

    private final Transport delegate;

    public RoutingTransport(Session session, URLName urlname) throws NoSuchProviderException {
        super(session, urlname);
        String chosen = session.getProperty("mail.transport.protocol");
        this.delegate = session.getTransport("graph".equalsIgnoreCase(chosen == null ? null : chosen.trim())
                ? "graph" : AddressRoute.fallback(AddressRoute.contextLoader()));
    }

    /** The transport every call goes to. */
    public Transport delegate() {
        return delegate;
    }

    @Override
    public void connect(String host, int port, String user, String password) throws MessagingException {
        delegate.connect(host, port, user, password);
    }

    @Override
    public boolean isConnected() {
        return delegate.isConnected();
    }

    @Override
    public void close() throws MessagingException {
        delegate.close();
    }

    @Override
    public void sendMessage(Message message, Address[] addresses) throws MessagingException {
        delegate.sendMessage(message, addresses);
    }

    @Override
    public URLName getURLName() {
        return delegate.getURLName();
    }

    @Override
    public void addConnectionListener(ConnectionListener l) {
        delegate.addConnectionListener(l);
    }

    @Override
    public void removeConnectionListener(ConnectionListener l) {
        delegate.removeConnectionListener(l);
    }

    @Override
    public void addTransportListener(TransportListener l) {
        delegate.addTransportListener(l);
    }

    @Override
    public void removeTransportListener(TransportListener l) {
        delegate.removeTransportListener(l);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
