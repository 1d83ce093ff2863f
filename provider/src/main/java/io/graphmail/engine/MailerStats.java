package io.graphmail.engine;

import io.graphmail.outbox.Outbox;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** The counters of one engine and their JMX view ({@link MailerMXBean}). */
final class MailerStats implements MailerMXBean {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final System.Logger LOG = System.getLogger(MailerStats.class.getName());

    private final Mailer mailer;
    private final LongAdder sent = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder uncertain = new LongAdder();
    private final LongAdder stored = new LongAdder();
    private final AtomicReference<Failure> last = new AtomicReference<>();
    private ObjectName name;

    private record Failure(String text, Instant at, String requestId) {
    }

    MailerStats(Mailer mailer) {
        this.mailer = mailer;
    }

    /** Counts an outcome. */
    void count(SendOutcome o) {
        switch (o.status()) {
            case DELIVERED -> sent.increment();
            case STORED -> stored.increment();
            case UNCERTAIN -> {
                uncertain.increment();
                last.set(new Failure(o.text(), Clock.systemUTC().instant(), o.requestId()));
            }
            case REFUSED -> {
                refused.increment();
                last.set(new Failure(o.text(), Clock.systemUTC().instant(), o.requestId()));
            }
        }
    }

    /**
     * Makes the figures visible over JMX where JMX is in use: in an application server, or a JVM with its JMX agent
     * on. A plain JVM that has no MBean server is not made to start one for graphmail (a few hundred classes and a
     * tenth of a second at start-up, measured in docs/performance.md). A server that refuses only costs the view.
     */
    void register() {
        try {
            if (javax.management.MBeanServerFactory.findMBeanServer(null).isEmpty()) {
                return;
            }
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName n = new ObjectName("io.graphmail:type=Mailer,tenant=" + ObjectName.quote(mailer.settings().tenant())
                    + ",client=" + mailer.settings().clientId() + ",id=" + IDS.incrementAndGet());
            server.registerMBean(this, n);
            name = n;
        } catch (JMException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "graphmail: no JMX view of " + mailer + ": " + e);
        }
    }

    /** Removes the view, so that a closed engine (and its class loader) is not held by the MBean server. */
    void unregister() {
        if (name == null) return;
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException | RuntimeException e) {
            // already gone
        }
        name = null;
    }

    ObjectName name() {
        return name;
    }

    @Override public long getSent() { return sent.sum(); }
    @Override public long getRefused() { return refused.sum(); }
    @Override public long getUncertain() { return uncertain.sum(); }
    @Override public long getStored() { return stored.sum(); }
    @Override public long getThrottled() { return mailer.retryPolicy().throttled(); }
    @Override public long getRetried() { return mailer.retryPolicy().retried(); }

    @Override
    public long getQueued() {
        Outbox box = mailer.outbox();
        if (box == null) return -1;
        try {
            return box.waiting().count();
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }

    @Override
    public long getOldestQueuedAgeSeconds() {
        Outbox box = mailer.outbox();
        if (box == null) return -1;
        try {
            Instant oldest = box.waiting().oldest();
            return oldest == null ? 0 : Math.max(0, Clock.systemUTC().instant().getEpochSecond() - oldest.getEpochSecond());
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }

    @Override
    public long getFailed() {
        Outbox box = mailer.outbox();
        if (box == null) return -1;
        try {
            return box.count("failed");
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }

    @Override
    public String getTokenExpiry() {
        Instant at = mailer.tokens().currentExpiry();
        return at == null ? "" : at.toString();
    }

    @Override
    public String getLastError() {
        Failure f = last.get();
        return f == null ? "" : f.text();
    }

    @Override
    public String getLastErrorTime() {
        Failure f = last.get();
        return f == null ? "" : f.at().toString();
    }

    @Override
    public String getLastErrorRequestId() {
        Failure f = last.get();
        return f == null || f.requestId() == null ? "" : f.requestId();
    }
}
