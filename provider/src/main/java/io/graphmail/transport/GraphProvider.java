package io.graphmail.transport;

import jakarta.mail.Provider;

/**
 * The {@code graph} transport as a {@link java.util.ServiceLoader} provider. Jakarta Mail creates it while it builds
 * every Session, which makes it the one place where graphmail can notice, before any mail is sent, that its
 * Transport.send route is shadowed on this class path (see {@link AddressRoute}).
 */
public final class GraphProvider extends Provider {

    public GraphProvider() {
        super(Type.TRANSPORT, "graph", GraphTransport.class.getName(), "graphmail", null);
        AddressRoute.warnIfShadowed(AddressRoute.contextLoader());
    }
}
