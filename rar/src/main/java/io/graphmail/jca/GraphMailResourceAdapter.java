package io.graphmail.jca;

import io.graphmail.auth.TokenException;
import io.graphmail.transport.Mailers;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;

import java.time.Duration;
import java.util.Set;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.ConcurrentHashMap;
import javax.transaction.xa.XAResource;

/**
 * The graphmail resource adapter: keeps every configured factory's token fresh in the background, so that no send
 * waits on the identity platform, and stops everything it started when the server undeploys it.
 */
@Connector(displayName = "graphmail",
        description = "Sends mail through Microsoft Graph with OAuth 2.0 client credentials",
        vendorName = "graphmail",
        eisType = "Microsoft Graph mail",
        version = "0.1",
        transactionSupport = TransactionSupport.TransactionSupportLevel.NoTransaction)
public class GraphMailResourceAdapter implements ResourceAdapter {

    /** Renew this long before expiry: beyond MSAL's own five-minute window, with a refresh period to spare. */
    static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(10);
    static final long REFRESH_PERIOD_MILLIS = 60_000;

    private static final System.Logger LOG = System.getLogger(GraphMailResourceAdapter.class.getName());

    private final Set<GraphMailManagedConnectionFactory> factories = ConcurrentHashMap.newKeySet();
    private Timer timer;

    void register(GraphMailManagedConnectionFactory mcf) {
        factories.add(mcf);
    }

    @Override
    public synchronized void start(BootstrapContext ctx) throws ResourceAdapterInternalException {
        try {
            timer = ctx.createTimer();
        } catch (Exception e) {
            throw new ResourceAdapterInternalException("graphmail: the server gave no timer for token refresh", e);
        }
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
                refreshTokens();
            }
        }, REFRESH_PERIOD_MILLIS, REFRESH_PERIOD_MILLIS);
    }

    /** Renews the token of every factory whose token expires within {@link #RENEW_BEFORE_EXPIRY}. */
    void refreshTokens() {
        for (GraphMailManagedConnectionFactory mcf : factories) {
            try {
                mcf.mailer().tokens().refreshIfExpiringWithin(RENEW_BEFORE_EXPIRY);
            } catch (TokenException | ResourceException e) {
                // a send will report it to its caller; here it is only worth a line in the server log
                LOG.log(System.Logger.Level.WARNING, "graphmail: background token refresh failed: " + e.getMessage());
            }
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        for (GraphMailManagedConnectionFactory mcf : factories) {
            try {
                Mailers.remove(mcf.settings());
            } catch (ResourceException invalidConfiguration) {
                // it never created a Mailer
            }
        }
        factories.clear();
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
        throw new jakarta.resource.NotSupportedException("graphmail has no inbound messaging");
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
    }

    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return new XAResource[0];
    }

    // one adapter instance per deployment; the spec asks JavaBeans to define equality
    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }
}
