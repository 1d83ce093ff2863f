package io.graphmail.transport;

import jakarta.mail.Provider;

/** The {@code graph} transport as a {@link java.util.ServiceLoader} provider. */
public final class GraphProvider extends Provider {

    public GraphProvider() {
        super(Type.TRANSPORT, "graph", GraphTransport.class.getName(), "graphmail", null);
    }
}
