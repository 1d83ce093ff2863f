package io.graphmail.jca;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;

import java.io.Serializable;

/**
 * For use outside a server (createConnectionFactory() without a ConnectionManager): a new managed connection per
 * handle, destroyed when the handle closes.
 */
final class UnpooledConnectionManager implements ConnectionManager, Serializable {

    private static final long serialVersionUID = 1L;

    @Override
    public Object allocateConnection(ManagedConnectionFactory mcf, ConnectionRequestInfo info) throws ResourceException {
        ManagedConnection mc = mcf.createManagedConnection(null, info);
        mc.addConnectionEventListener(new jakarta.resource.spi.ConnectionEventListener() {
            @Override
            public void connectionClosed(jakarta.resource.spi.ConnectionEvent event) {
                destroy(mc);
            }

            @Override
            public void connectionErrorOccurred(jakarta.resource.spi.ConnectionEvent event) {
                destroy(mc);
            }

            @Override
            public void localTransactionStarted(jakarta.resource.spi.ConnectionEvent event) {
            }

            @Override
            public void localTransactionCommitted(jakarta.resource.spi.ConnectionEvent event) {
            }

            @Override
            public void localTransactionRolledback(jakarta.resource.spi.ConnectionEvent event) {
            }
        });
        return mc.getConnection(null, info);
    }

    private static void destroy(ManagedConnection mc) {
        try {
            mc.destroy();
        } catch (ResourceException ignored) {
            // nothing is left to release
        }
    }
}
