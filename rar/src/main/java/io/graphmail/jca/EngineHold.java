package io.graphmail.jca;

import io.graphmail.config.GraphSettings;
import io.graphmail.engine.Mailer;
import io.graphmail.engine.MailerRegistry;

import java.io.IOException;

/**
 * A factory's lease on its send engine, kept apart from the factory so that the resource adapter can return it
 * when the server has dropped the factory (it holds factories weakly) or when the adapter stops.
 */
final class EngineHold {

    private GraphSettings settings;          // guarded by this
    private MailerRegistry.Lease lease;      // guarded by this

    /**
     * The engine for these settings, leased on first use and again when the settings changed or the engine was closed
     * under the factory (another instance of the adapter stopped and closed every engine).
     */
    synchronized Mailer hold(GraphSettings current) throws IOException {
        if (lease != null && settings.equals(current) && !lease.mailer().isClosed()) {
            return lease.mailer();
        }
        MailerRegistry.Lease next = MailerRegistry.shared().lease(current);
        release();
        settings = current;
        lease = next;
        return next.mailer();
    }

    /** Gives the engine back; the registry closes it once no Session or factory uses it. */
    synchronized void release() {
        if (lease != null) {
            lease.close();
            lease = null;
            settings = null;
        }
    }
}
