package io.graphmail.jca;

import io.graphmail.auth.TokenException;
import io.graphmail.engine.MailerRegistry;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;

import io.graphmail.config.GraphSettings;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
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

    /*
     * Held weakly and by identity: a server replaces a factory when its configuration changes (Open Liberty on a
     * server.xml edit) or its application is redeployed, and nothing tells the adapter. A strong set kept refreshing
     * every configuration ever seen, logging each dead one's failure every minute, until the adapter stopped.
     */
    private final List<Registered> factories = new CopyOnWriteArrayList<>();
    private final RefreshFailures failures;
    private Timer timer;

    /*
     * Started instances of this class. A server may start several: WildFly starts one more for each application's
     * @ConnectionFactoryDefinition and stops it with that application, while the administrator's factories and the
     * server's mail sessions go on sending through Mailers of these same classes. Only the last to stop closes them.
     */
    private static final AtomicInteger STARTED = new AtomicInteger();
    private boolean started;

    /** The adapter a server creates (JavaBean). */
    public GraphMailResourceAdapter() {
        this(System::nanoTime);
    }

    /** @param nanoTime the clock of the refresh back-off, for tests */
    GraphMailResourceAdapter(java.util.function.LongSupplier nanoTime) {
        this.failures = new RefreshFailures(nanoTime);
    }

    /** A factory, held weakly, and the hold on its engine, given back once the server has dropped the factory. */
    private static final class Registered {
        final WeakReference<GraphMailManagedConnectionFactory> factory;
        final EngineHold engine;

        Registered(GraphMailManagedConnectionFactory mcf) {
            this.factory = new WeakReference<>(mcf);
            this.engine = mcf.engine();
        }
    }

    void register(GraphMailManagedConnectionFactory mcf) {
        if (live().stream().noneMatch(f -> f == mcf)) {
            factories.add(new Registered(mcf));
            scheduleCheckup(mcf);
        }
    }

    /**
     * Logs graphmail doctor's checks once for each configuration the server creates a factory for, on the adapter's
     * timer thread so that deployment does not wait on the network: a short block, INFO when everything holds,
     * WARNING with the fixes otherwise.
     */
    private synchronized void scheduleCheckup(GraphMailManagedConnectionFactory mcf) {
        if (timer == null) {
            return;   // not started yet: start() schedules the factories registered so far
        }
        java.lang.ref.WeakReference<GraphMailManagedConnectionFactory> ref = new java.lang.ref.WeakReference<>(mcf);
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
                GraphMailManagedConnectionFactory f = ref.get();
                if (f != null) checkup(f);
            }
        }, 0);
    }

    void checkup(GraphMailManagedConnectionFactory mcf) {
        GraphSettings settings;
        try {
            settings = mcf.settings();
        } catch (ResourceException invalid) {
            return;   // reported when the server created the factory
        }
        if (!checked.add(settings)) {
            return;
        }
        io.graphmail.api.Verification v = mcf.verify();
        LOG.log(v.ready() ? System.Logger.Level.INFO : System.Logger.Level.WARNING, "graphmail: checks of the"
                + " factory for client " + settings.clientId() + " (" + settings.signIn().auth().propertyValue()
                + " sign-in, " + settings.signIn().submit().propertyValue() + " wire)" + (v.ready() ? ""
                : " found problems; sends will fail until they are fixed") + ":" + System.lineSeparator() + v);
    }

    /** Configurations whose start-up checks were logged: once each, however many factories the server makes. */
    private final java.util.Set<GraphSettings> checked = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The factories still in use by the server, forgetting those it has dropped and returning their engines. */
    List<GraphMailManagedConnectionFactory> live() {
        List<GraphMailManagedConnectionFactory> out = new ArrayList<>();
        for (Registered r : factories) {
            GraphMailManagedConnectionFactory f = r.factory.get();
            if (f == null) {
                factories.remove(r);
                r.engine.release();
            } else {
                out.add(f);
            }
        }
        return out;
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
        for (GraphMailManagedConnectionFactory mcf : live()) {
            scheduleCheckup(mcf);
        }
        started = true;
        STARTED.incrementAndGet();
        // the outbox's sender and its sends run on the server's managed threads
        jakarta.resource.spi.work.WorkManager workManager;
        try {
            workManager = ctx.getWorkManager();
        } catch (RuntimeException none) {
            workManager = null;
        }
        if (workManager != null) {
            MailerRegistry.shared().useWorkRunner(new ManagedWork(workManager));
        }
    }

    /** Renews the token of every factory whose token expires within {@link #RENEW_BEFORE_EXPIRY}. */
    void refreshTokens() {
        java.util.Set<GraphSettings> liveSettings = new java.util.HashSet<>();
        for (GraphMailManagedConnectionFactory mcf : live()) {
            GraphSettings settings;
            try {
                settings = mcf.settings();
            } catch (ResourceException invalid) {
                continue;   // reported when the server created the factory; it never sends
            }
            liveSettings.add(settings);
            if (!failures.due(settings)) {
                continue;
            }
            try {
                mcf.mailer().tokens().refreshIfExpiringWithin(RENEW_BEFORE_EXPIRY);
                if (failures.succeeded(settings)) {
                    LOG.log(System.Logger.Level.INFO, "graphmail: background token refresh works again for "
                            + settings.clientId());
                }
            } catch (TokenException | ResourceException e) {
                // a send will report it to its caller; here it is worth one line in the server log per new failure
                if (failures.failed(settings, e)) {
                    LOG.log(System.Logger.Level.WARNING, "graphmail: background token refresh failed (tried again in"
                            + " the background after 1, 2, 4 ... 60 minutes; each send still asks for a token itself): "
                            + e.getMessage());
                }
            }
        }
        failures.retainOnly(liveSettings);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        // this adapter's factories give their engines back; every engine of the provider classes this adapter
        // brought (its factories' and its mail sessions' alike) is closed once no other started instance uses them
        for (Registered r : factories) {
            r.engine.release();
        }
        if (started) {
            started = false;
            if (STARTED.decrementAndGet() == 0) {
                MailerRegistry.shared().closeAll();
                MailerRegistry.shared().useWorkRunner(null);
            }
        }
        factories.clear();
        failures.clear();
        checked.clear();
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
