package io.graphmail.engine;

import io.graphmail.config.GraphSettings;
import io.graphmail.graph.Waits;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Mailers of this class loader, one per configuration, shared by every Session, transport and factory that uses
 * it, so that they share one token cache and one set of mailbox limits.
 *
 * <p>Each user holds a {@link Lease}. A Mailer nobody holds is kept idle for a while, because {@code Transport.send}
 * connects and closes for every message and must not pay for a new token each time; it is closed once it has been
 * idle for {@link #IDLE_TIME}, or when more than {@link #IDLE_LIMIT} are idle (oldest first). So an application that
 * creates configurations without end (a tenant per customer, a secret rotated every day) holds a bounded number of
 * them, and none once they have all been idle that long. Idle Mailers are swept whenever a lease is taken or
 * returned: no thread of its own.
 */
public final class MailerRegistry {

    /** How long an unused Mailer (its token, its HTTP client's lease) is kept for the next send. */
    public static final Duration IDLE_TIME = Duration.ofMinutes(15);
    /** The most unused Mailers kept at once. */
    public static final int IDLE_LIMIT = 128;

    private static final MailerRegistry SHARED = new MailerRegistry(Waits.SYSTEM);

    private final Waits waits;
    private final Map<GraphSettings, Entry> entries = new HashMap<>();   // guarded by this
    private volatile WorkRunner runner = WorkRunner.THREADS;

    /**
     * Where engines created from now on run their background work; a resource adapter gives its server's managed
     * threads when it starts, and {@link WorkRunner#THREADS} back when it stops.
     */
    public void useWorkRunner(WorkRunner runner) {
        this.runner = runner == null ? WorkRunner.THREADS : runner;
    }

    /** @param waits the clock of the idle sweep, and the waits of every Mailer it creates */
    public MailerRegistry(Waits waits) {
        this.waits = waits;
    }

    /** The registry of this class loader, which Sessions use. */
    public static MailerRegistry shared() {
        return SHARED;
    }

    /**
     * The Mailer for these settings, created on first use; hold the lease for as long as it sends and close it after.
     *
     * @throws IOException when the certificate, assertion file or trust store cannot be read
     * @throws IllegalArgumentException when MSAL4J refuses the authority
     */
    public synchronized Lease lease(GraphSettings settings) throws IOException {
        sweep();
        Entry e = entries.get(settings);
        if (e == null) {
            e = new Entry(new Mailer(settings, waits, runner));
            entries.put(settings, e);
        }
        e.refs++;
        return new Lease(this, e);
    }

    private synchronized void release(Entry e) {
        e.refs--;
        if (e.refs == 0) {
            e.idleSince = waits.nanoTime();
        }
        sweep();
    }

    /** Closes the Mailers idle too long, then the oldest idle ones over the limit; also done on every lease and return. */
    public synchronized void sweep() {
        long now = waits.nanoTime();
        List<Entry> idle = new ArrayList<>();
        for (var it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.refs > 0 || e.mailer.drainsOutbox()) continue;   // stored mail keeps its sender alive
            if (now - e.idleSince >= IDLE_TIME.toNanos()) {
                it.remove();
                e.mailer.close();
            } else {
                idle.add(e);
            }
        }
        if (idle.size() > IDLE_LIMIT) {
            idle.sort(Comparator.comparingLong(e -> e.idleSince));
            for (Entry e : idle.subList(0, idle.size() - IDLE_LIMIT)) {
                entries.remove(e.mailer.settings());
                e.mailer.close();
            }
        }
    }

    /**
     * Closes and forgets every Mailer, held or not: for a resource adapter that stops (the provider classes go with
     * it, including the Mailers its applications' sessions made), and for tests that need a fresh token cache.
     * Leases still held stay usable as handles but their Mailer no longer belongs to the registry.
     */
    public synchronized void closeAll() {
        for (Entry e : entries.values()) {
            e.mailer.close();
        }
        entries.clear();
    }

    /** How many Mailers exist, held or idle. */
    public synchronized int size() {
        return entries.size();
    }

    /** How many Mailers nobody holds. */
    public synchronized int idle() {
        return (int) entries.values().stream().filter(e -> e.refs == 0).count();
    }

    private static final class Entry {
        final Mailer mailer;
        int refs;
        long idleSince;

        Entry(Mailer mailer) {
            this.mailer = mailer;
        }
    }

    /** One user's hold on a Mailer; closing it twice is harmless. */
    public static final class Lease implements AutoCloseable {
        private final MailerRegistry registry;
        private final Entry entry;
        private boolean closed;   // guarded by registry

        private Lease(MailerRegistry registry, Entry entry) {
            this.registry = registry;
            this.entry = entry;
        }

        public Mailer mailer() {
            return entry.mailer;
        }

        @Override
        public void close() {
            synchronized (registry) {
                if (closed) return;
                closed = true;
                if (registry.entries.get(entry.mailer.settings()) == entry) {
                    registry.release(entry);
                }
            }
        }

        @Override
        public String toString() {
            return "Lease[" + entry.mailer + "]";
        }
    }
}
