package io.graphmail.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphmail.config.GraphSettings;
import io.graphmail.graph.HttpClients;
import io.graphmail.sandbox.SandboxExtension;
import jakarta.mail.Session;
import jakarta.mail.Transport;
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
        int clientsBefore = HttpClients.shared();
        long selectorsBefore = selectorThreads();
        List<GraphSettings> configurations = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            Properties p = Demo.properties(SANDBOX.get());
            p.setProperty("mail.graph.connectiontimeout", "10999");   // this class's own client
            p.setProperty("mail.graph.retries", String.valueOf(i));    // twenty distinct configurations
            Session session = Session.getInstance(p);
            Transport.send(Demo.message(session, Demo.SENDER, "configuration " + i, Demo.ALICE));
            configurations.add(GraphSettings.from(p));
        }

        assertEquals(20, SANDBOX.get().messages().size());
        assertEquals(clientsBefore + 1, HttpClients.shared(), "one client for the twenty configurations");
        // at most one more: a client closed by an earlier test may let its selector thread go meanwhile
        long selectors = selectorThreads();
        assertTrue(selectors <= selectorsBefore + 1, "one selector thread, not twenty: " + selectorsBefore + " -> "
            + selectors);

        for (GraphSettings s : configurations.subList(0, 19)) {
            Mailers.remove(s);
        }
        assertEquals(clientsBefore + 1, HttpClients.shared(), "still in use by the twentieth");
        Mailers.remove(configurations.get(19));
        assertEquals(clientsBefore, HttpClients.shared(), "released with its last configuration");
    }

    private static long selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager"))
            .count();
    }
}
