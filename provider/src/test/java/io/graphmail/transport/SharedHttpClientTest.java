package io.graphmail.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphmail.config.GraphSettings;
import io.graphmail.engine.MailerRegistry;
import io.graphmail.graph.FakeWaits;
import io.graphmail.graph.HttpClients;
import io.graphmail.sandbox.SandboxExtension;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An application that sends for many configurations (a Session per customer tenant, say) must not hold a thread per
 * configuration: configurations with the same trust store and connect timeout share one HTTP client, whose threads
 * stop when the last of them is closed.
 */
class SharedHttpClientTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    @Test
    void twentyConfigurationsShareOneClientAndOneSelectorThread() throws Exception {
        FakeWaits clock = new FakeWaits();
        MailerRegistry registry = new MailerRegistry(clock);
        int clientsBefore = HttpClients.shared();
        long selectorsBefore = selectorThreads();
        List<MailerRegistry.Lease> leases = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            Properties p = Demo.properties(SANDBOX.get());
            p.setProperty("mail.graph.connectiontimeout", "10999");   // this class's own client
            p.setProperty("mail.graph.retries", String.valueOf(i));    // twenty distinct configurations
            MailerRegistry.Lease lease = registry.lease(GraphSettings.from(p));
            leases.add(lease);
            MimeMessage m = Demo.message(Session.getInstance(p), Demo.SENDER, "configuration " + i, Demo.ALICE);
            m.saveChanges();
            assertTrue(lease.mailer().send(m, m.getAllRecipients(), null, null).delivered());
        }

        assertEquals(20, SANDBOX.get().messages().size());
        assertEquals(clientsBefore + 1, HttpClients.shared(), "one client for the twenty configurations");
        // at most one more: a client closed by an earlier test may let its selector thread go meanwhile
        long selectors = selectorThreads();
        assertTrue(selectors <= selectorsBefore + 1, "one selector thread, not twenty: " + selectorsBefore + " -> "
            + selectors);

        for (MailerRegistry.Lease l : leases.subList(0, 19)) {
            l.close();
        }
        clock.advance(MailerRegistry.IDLE_TIME);
        registry.sweep();
        assertEquals(1, registry.size(), "the nineteen unused configurations are closed after their idle time");
        assertEquals(clientsBefore + 1, HttpClients.shared(), "still in use by the twentieth");
        leases.get(19).close();
        assertEquals(1, registry.size(), "kept idle for the next send");
        clock.advance(MailerRegistry.IDLE_TIME);
        registry.sweep();
        assertEquals(0, registry.size());
        assertEquals(clientsBefore, HttpClients.shared(), "released with its last configuration");
    }

    private static long selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager"))
            .count();
    }
}
