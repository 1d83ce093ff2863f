package io.graphmail.jca;

import io.graphmail.api.GraphMailConnection;
import io.graphmail.api.GraphMailConnectionFactory;
import io.graphmail.sandbox.App;
import io.graphmail.sandbox.Sandbox;
import io.graphmail.sandbox.SandboxConfig;
import io.graphmail.sandbox.SandboxExtension;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.XATerminator;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Set;
import java.util.Timer;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JCA glue outside a server: factory, pooled connections, validation, background refresh and stop. */
class ResourceAdapterTest {

    static final String SHORT_LIVED_APP = "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.demo().toBuilder()
            .app(App.builder(SHORT_LIVED_APP).secret("short-lived-secret").roles("Mail.Send")
                    .tokenLifetimeSeconds(500).build())
            .build());

    /** Each test starts with no engine in the JVM, so that token requests are counted from none. */
    @org.junit.jupiter.api.BeforeEach
    void freshEngines() {
        io.graphmail.engine.MailerRegistry.shared().closeAll();
    }

    /** A factory configured as an administrator would. */
    static GraphMailManagedConnectionFactory factory() {
        return factory(SANDBOX.get());
    }

    /** A factory for a given sandbox. */
    static GraphMailManagedConnectionFactory factory(Sandbox sb) {
        GraphMailManagedConnectionFactory mcf = new GraphMailManagedConnectionFactory();
        mcf.setTenantId(SandboxConfig.DEMO_TENANT_ID);
        mcf.setClientId(SandboxConfig.DEMO_CLIENT_ID);
        mcf.setClientSecret(SandboxConfig.DEMO_SECRET);
        mcf.setMailbox("sender@contoso.example");
        mcf.setAuthorityUrl(sb.authorityUrl());
        mcf.setGraphUrl(sb.graphUrl());
        mcf.setTrustStore(sb.truststore().toString());
        mcf.setTrustStorePassword(sb.truststorePassword());
        return mcf;
    }

    static MimeMessage message(Session session, String subject) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("sender@contoso.example"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@contoso.example"));
        m.setSubject(subject);
        m.setText("sent through the resource adapter");
        return m;
    }

    @Test
    void connectionAndSessionShareOneTokenAndBothSend() throws Exception {
        GraphMailConnectionFactory cf = (GraphMailConnectionFactory) factory().createConnectionFactory();
        try (GraphMailConnection c = cf.getConnection()) {
            c.send(message(cf.getSession(), "via connection"));
        }
        Session session = cf.getSession();
        Transport.send(message(session, "via session"));
        assertEquals(List.of("via connection", "via session"),
                SANDBOX.get().messages().stream().map(m -> m.subject()).toList());
        assertEquals(1, SANDBOX.get().tokenRequests(), "the session and the pool share the factory's token");
        assertEquals("graph", session.getProperty("mail.transport.protocol"));
    }

    @Test
    void missingTenantIsReportedWithBothPropertyNamesWhenTheFactoryIsCreated() {
        GraphMailManagedConnectionFactory mcf = factory();
        mcf.setTenantId(null);
        InvalidPropertyException e = assertThrows(InvalidPropertyException.class, mcf::createConnectionFactory);
        assertTrue(e.getMessage().contains("TenantId (mail.graph.tenant)"), e.getMessage());
    }

    @Test
    void unknownCloudNamesTheProperty() {
        GraphMailManagedConnectionFactory mcf = factory();
        mcf.setCloud("moon");
        InvalidPropertyException e = assertThrows(InvalidPropertyException.class, mcf::createConnectionFactory);
        assertTrue(e.getMessage().contains("Cloud (mail.graph.cloud)"), e.getMessage());
    }

    @Test
    void wrongSecretMakesConnectionsInvalidAndSignalsTheErrorToThePool() throws Exception {
        GraphMailManagedConnectionFactory mcf = factory();
        mcf.setClientSecret("expired-or-wrong");
        ManagedConnection mc = mcf.createManagedConnection(null, null);
        assertEquals(Set.of(mc), mcf.getInvalidConnections(Set.of(mc)));

        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        mc.addConnectionEventListener(new Recorder(events));
        GraphMailConnection handle = (GraphMailConnection) mc.getConnection(null, null);
        AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class,
                () -> handle.send(message(Session.getInstance(new java.util.Properties()), "never sent")));
        assertTrue(e.getMessage().contains("AADSTS7000215"), e.getMessage());
        assertFalse(e.getMessage().contains("expired-or-wrong"));
        assertEquals(ConnectionEvent.CONNECTION_ERROR_OCCURRED, events.get(0).getId());
        assertEquals(null, mcf.matchManagedConnections(Set.of(mc), null, null), "a broken connection is not reused");
        handle.close();
        assertEquals(1, events.size(), "after the error the server destroys the connection: closing the handle"
                + " must not also hand it back (CONNECTION_CLOSED)");
    }

    @Test
    void validConnectionIsMatchedAndReturnedOnClose() throws Exception {
        GraphMailManagedConnectionFactory mcf = factory();
        ManagedConnection mc = mcf.createManagedConnection(null, null);
        assertTrue(mcf.getInvalidConnections(Set.of(mc)).isEmpty());
        assertEquals(mc, mcf.matchManagedConnections(Set.of(mc), null, null));
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        mc.addConnectionEventListener(new Recorder(events));
        GraphMailConnection handle = (GraphMailConnection) mc.getConnection(null, null);
        handle.close();
        assertEquals(ConnectionEvent.CONNECTION_CLOSED, events.get(0).getId());
        assertEquals(handle, events.get(0).getConnectionHandle());
        assertThrows(IllegalStateException.class, () -> handle.send(message(Session.getInstance(new java.util.Properties()), "x")));
    }

    @Test
    void equalityCoversEveryProperty() {
        GraphMailManagedConnectionFactory a = factory();
        GraphMailManagedConnectionFactory b = factory();
        b.setConnectTimeout(a.getConnectTimeout());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        b.setClientSecret("other");
        assertNotEquals(a, b);
    }

    @Test
    void adapterRenewsTokensBeforeExpiryAndStopsItsTimer() throws Exception {
        GraphMailManagedConnectionFactory mcf = factory();
        mcf.setClientId(SHORT_LIVED_APP);
        mcf.setClientSecret("short-lived-secret");
        GraphMailResourceAdapter ra = new GraphMailResourceAdapter();
        TimerContext ctx = new TimerContext();
        ra.start(ctx);
        mcf.setResourceAdapter(ra);
        GraphMailConnectionFactory cf = (GraphMailConnectionFactory) mcf.createConnectionFactory();
        try (GraphMailConnection c = cf.getConnection()) {
            c.send(message(cf.getSession(), "before refresh"));
        }
        assertEquals(1, SANDBOX.get().tokenRequests(SHORT_LIVED_APP));
        ra.refreshTokens();  // 500 s tokens are inside the 10-minute renewal window
        assertEquals(2, SANDBOX.get().tokenRequests(SHORT_LIVED_APP));

        ra.stop();
        ctx.timerThread().join(10_000);
        assertFalse(ctx.timerThread().isAlive(), "stop() must end the refresh timer");
    }

    @Test
    void aFactoryTheServerDropsIsNoLongerRefreshed() throws Exception {
        GraphMailResourceAdapter ra = new GraphMailResourceAdapter();
        GraphMailManagedConnectionFactory replaced = factory();
        replaced.setResourceAdapter(ra);
        GraphMailManagedConnectionFactory current = factory();   // the same configuration, another instance
        current.setResourceAdapter(ra);
        current.setResourceAdapter(ra);                          // registered once however often it is set
        assertEquals(2, ra.live().size());

        java.lang.ref.WeakReference<Object> gone = new java.lang.ref.WeakReference<>(replaced);
        replaced = null;
        for (int i = 0; i < 100 && gone.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertEquals(null, gone.get(), "the adapter must not keep a factory the server dropped");
        assertEquals(List.of(current), ra.live());
    }

    @Test
    void aConfigurationThatCannotRenewIsTriedAgainWithBackOffNotEveryMinute() throws Exception {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        GraphMailResourceAdapter ra = new GraphMailResourceAdapter(now::get);
        GraphMailManagedConnectionFactory mcf = factory();
        mcf.setClientSecret("a-deleted-secret");
        mcf.setResourceAdapter(ra);
        String app = SandboxConfig.DEMO_CLIENT_ID;
        int before = SANDBOX.get().tokenRequests(app);

        ra.refreshTokens();
        ra.refreshTokens();   // the timer's next minutes, with no time passed for the back-off
        assertEquals(before + 1, SANDBOX.get().tokenRequests(app), "one try, then back off");
        // the next tick comes a period after the previous tick began, a little under a minute after the failure
        now.addAndGet(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(59_500));
        ra.refreshTokens();
        ra.refreshTokens();
        assertEquals(before + 2, SANDBOX.get().tokenRequests(app), "again at the next tick, then wait 2 minutes");
        now.addAndGet(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(119_500));
        ra.refreshTokens();
        assertEquals(before + 3, SANDBOX.get().tokenRequests(app));
    }

    /** Records connection events. */
    static final class Recorder implements ConnectionEventListener {
        private final List<ConnectionEvent> events;

        Recorder(List<ConnectionEvent> events) {
            this.events = events;
        }

        @Override
        public void connectionClosed(ConnectionEvent event) {
            events.add(event);
        }

        @Override
        public void connectionErrorOccurred(ConnectionEvent event) {
            events.add(event);
        }

        @Override
        public void localTransactionStarted(ConnectionEvent event) {
        }

        @Override
        public void localTransactionCommitted(ConnectionEvent event) {
        }

        @Override
        public void localTransactionRolledback(ConnectionEvent event) {
        }
    }

    /** A server's bootstrap context, as far as the adapter uses it: a timer whose thread the test can watch. */
    @Test
    void aFactoryWhoseEngineWasClosedUnderItSendsThroughANewOne() throws Exception {
        GraphMailManagedConnectionFactory mcf = factory();
        GraphMailConnectionFactory cf = (GraphMailConnectionFactory) mcf.createConnectionFactory();
        try (GraphMailConnection c = cf.getConnection()) {
            c.send(message(cf.getSession(), "before"));
        }
        // what an adapter instance that stops does to every engine of its classes
        io.graphmail.engine.MailerRegistry.shared().closeAll();
        try (GraphMailConnection c = cf.getConnection()) {
            c.send(message(cf.getSession(), "after"));
        }
        assertEquals(2, SANDBOX.get().messages().size(), "the pooled connection took a new engine");
    }

    /** One Session per factory, as a server's mail session resource: a Session per call costs heap on some servers. */
    @Test
    void theFactoryHandsOutOneSession() throws Exception {
        GraphMailConnectionFactory cf = (GraphMailConnectionFactory) factory().createConnectionFactory();
        assertTrue(cf.getSession() == cf.getSession());
    }

    static final class TimerContext implements BootstrapContext {
        private volatile Thread timerThread;

        Thread timerThread() {
            return timerThread;
        }

        @Override
        public Timer createTimer() {
            Timer t = new Timer("graphmail-test-timer", true);
            t.schedule(new java.util.TimerTask() {
                @Override
                public void run() {
                    timerThread = Thread.currentThread();
                }
            }, 0);
            while (timerThread == null) {
                Thread.onSpinWait();
            }
            return t;
        }

        @Override
        public WorkManager getWorkManager() {
            throw new UnsupportedOperationException();
        }

        @Override
        public XATerminator getXATerminator() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isContextSupported(Class<? extends WorkContext> workContextClass) {
            return false;
        }

        @Override
        public TransactionSynchronizationRegistry getTransactionSynchronizationRegistry() {
            return null;
        }
    }
}
