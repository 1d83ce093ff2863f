package io.graphmail.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphmail.config.GraphSettings;
import io.graphmail.graph.FakeWaits;
import io.graphmail.graph.HttpClients;
import io.graphmail.sandbox.SandboxExtension;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.lang.management.ManagementFactory;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An application that makes configurations without end (a tenant per customer, a secret rotated daily) keeps a
 * bounded number of engines, and none once they have been idle long enough: heap, threads and HTTP clients return
 * to where they started.
 */
class ChurnTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    private static final int CONFIGURATIONS = 10_000;

    private static Properties configuration(int i) {
        Properties p = SANDBOX.get().mailProperties();
        p.setProperty("mail.graph.retries", String.valueOf(Math.floorMod(i, 21)));
        p.setProperty("mail.graph.from.allowed", "n" + i + "@contoso.example,@contoso.example");
        return p;
    }

    private static MimeMessage message(Properties p, int i) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(p));
        m.setFrom(new InternetAddress("sender@contoso.example"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@contoso.example"));
        m.setSubject("configuration " + i);
        m.setText("hello");
        m.saveChanges();
        return m;
    }

    @Test
    void tenThousandConfigurationsCreatedAndDroppedLeaveHeapThreadsAndClientsWhereTheyStarted() throws Exception {
        FakeWaits clock = new FakeWaits();
        MailerRegistry registry = new MailerRegistry(clock);
        registry.lease(GraphSettings.from(configuration(-1))).close();   // classes loaded, the HTTP client made
        clock.advance(MailerRegistry.IDLE_TIME);
        registry.sweep();
        int clientsBefore = HttpClients.shared();
        long threadsBefore = clientThreads();
        long heapBefore = usedHeapAfterGc();

        int sent = 0;
        for (int i = 0; i < CONFIGURATIONS; i++) {
            Properties p = configuration(i);
            try (MailerRegistry.Lease lease = registry.lease(GraphSettings.from(p))) {
                if (i % 100 == 0) {   // every hundredth one sends for real: a token, an HTTP exchange
                    MimeMessage m = message(p, i);
                    assertTrue(lease.mailer().send(m, m.getAllRecipients(), null, null).delivered());
                    sent++;
                }
            }
            assertTrue(registry.size() <= MailerRegistry.IDLE_LIMIT, "bounded while churning: " + registry.size());
            clock.advance(java.time.Duration.ofMillis(1));
        }
        assertEquals(sent, SANDBOX.get().messages().size());
        assertEquals(MailerRegistry.IDLE_LIMIT, registry.size(), "the most recent ones are kept for their next send");

        clock.advance(MailerRegistry.IDLE_TIME);
        registry.sweep();
        assertEquals(0, registry.size());
        assertEquals(clientsBefore, HttpClients.shared(), "HTTP clients");
        assertTrue(eventually(() -> clientThreads() <= threadsBefore), "threads: " + threadsBefore + " -> "
                + Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList());
        long heapAfter = usedHeapAfterGc();
        assertTrue(heapAfter - heapBefore < 16L * 1024 * 1024, "heap grew by " + (heapAfter - heapBefore) / 1024
                + " KiB for " + CONFIGURATIONS + " configurations");
    }

    @Test
    void sessionsThatComeAndGoKeepTheSharedRegistryBounded() throws Exception {
        MailerRegistry.shared().closeAll();
        for (int i = 0; i < MailerRegistry.IDLE_LIMIT + 40; i++) {
            Properties p = configuration(i);
            Transport.send(message(p, i));
            assertTrue(MailerRegistry.shared().size() <= MailerRegistry.IDLE_LIMIT);
        }
        assertEquals(MailerRegistry.IDLE_LIMIT, MailerRegistry.shared().size());
        assertEquals(MailerRegistry.IDLE_LIMIT + 40, SANDBOX.get().messages().size());
        MailerRegistry.shared().closeAll();
    }

    /** The JVM's threads but the sandbox's (its server starts pool threads as load comes and keeps them). */
    private static long clientThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> !n.startsWith("graphmail-sandbox") && !n.equals("HTTP-Dispatcher")
                        && !n.equals("idle-timeout-task"))
                .count();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {   // several collections: weakly held objects go in the second
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** Waits for a condition (threads end asynchronously), at most about ten seconds; never asserts a duration. */
    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (condition.getAsBoolean()) return true;
            System.gc();
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    @Test
    void aClosedEngineFailsAtOnceAndAConnectedTransportMovesToANewOne() throws Exception {
        MailerRegistry registry = new MailerRegistry(new FakeWaits());
        Properties p = configuration(1);
        MailerRegistry.Lease lease = registry.lease(GraphSettings.from(p));
        registry.closeAll();
        MimeMessage m = message(p, 1);
        jakarta.mail.MessagingException e = org.junit.jupiter.api.Assertions.assertThrows(
                jakarta.mail.MessagingException.class, () -> lease.mailer().send(m, m.getAllRecipients(), null, null));
        assertTrue(e.getMessage().contains("was closed"), e.getMessage());

        jakarta.mail.Transport t = Session.getInstance(p).getTransport("graph");
        t.connect();
        try {
            MailerRegistry.shared().closeAll();   // what a stopping resource adapter does under a connected transport
            t.sendMessage(message(p, 2), new InternetAddress[]{new InternetAddress("alice@contoso.example")});
        } finally {
            t.close();
        }
        assertEquals(1, SANDBOX.get().messages().size());
    }
}
