package io.graphmail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphmail.it.app.OutboxServlet;
import io.graphmail.sandbox.CapturedMessage;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 11, send on commit: through the resource adapter on Payara Micro, a send inside a JTA transaction is stored in
 * the outbox on the application's DataSource within that transaction: rolled back, nothing is stored or sent;
 * committed, the adapter's background sender delivers it once.
 */
@ExtendWith({FreshPayara.class, ArquillianExtension.class})
class OutboxTransactionIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.mailApp("outbox-app.war", OutboxServlet.class, io.graphmail.it.app.Failures.class);
    }

    @RegisterExtension
    static final ItSandbox SANDBOX = new ItSandbox();

    @ArquillianResource
    private URL url;

    @Test
    void aSendInARolledBackTransactionIsNeverSentAndACommittedOneIsSentOnce() throws Exception {
        AppClient client = new AppClient(url, "outbox-app");
        client.ok("outbox", Map.of("outcome", "rollback", "from", "sender@contoso.example",
            "to", "alice@contoso.example", "subject", "rolled back"));
        assertEquals("0", client.ok("outbox", Map.of("outcome", "count")), "a rolled back send leaves no row");

        client.ok("outbox", Map.of("outcome", "commit", "from", "sender@contoso.example",
            "to", "alice@contoso.example", "subject", "committed"));
        assertEquals("1", client.ok("outbox", Map.of("outcome", "count")), "the committed send is stored");

        // the adapter's background sender delivers it: wait for that, never for a fixed time
        for (int i = 0; i < 600 && SANDBOX.get().messages().isEmpty(); i++) {
            Thread.sleep(100);
        }
        List<CapturedMessage> arrived = SANDBOX.get().messages();
        assertEquals(1, arrived.size());
        assertEquals("committed", arrived.get(0).subject());
        assertTrue(SANDBOX.get().messages().stream().noneMatch(m -> "rolled back".equals(m.subject())));
    }
}
