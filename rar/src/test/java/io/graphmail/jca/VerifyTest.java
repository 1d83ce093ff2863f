package io.graphmail.jca;

import io.graphmail.api.GraphMailConnectionFactory;
import io.graphmail.api.Verification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The factory's verify() and the check-up the adapter logs once per configuration. */
class VerifyTest {

    @org.junit.jupiter.api.extension.RegisterExtension
    static final io.graphmail.sandbox.SandboxExtension SANDBOX =
            io.graphmail.sandbox.SandboxExtension.with(io.graphmail.sandbox.SandboxConfig.demo());

    private static GraphMailManagedConnectionFactory factory() {
        return ResourceAdapterTest.factory(SANDBOX.get());
    }

    @BeforeEach
    void freshEngines() {
        io.graphmail.engine.MailerRegistry.shared().closeAll();
    }

    @Test
    void aWorkingFactoryVerifiesReadyWithItsTokenAndPermissions() throws Exception {
        GraphMailConnectionFactory cf = (GraphMailConnectionFactory) factory()
                .createConnectionFactory();
        Verification v = cf.verify();
        assertTrue(v.ready(), v.toString());
        assertTrue(v.lines().stream().anyMatch(l -> l.startsWith("✓ token:") && l.contains("Mail.Send")), v.toString());
        assertTrue(v.lines().stream().anyMatch(l -> l.startsWith("✓ clock:")), v.toString());
    }

    @Test
    void aWrongSecretIsAFailedCheckWithoutTheSecretInIt() throws Exception {
        GraphMailManagedConnectionFactory mcf = factory();
        mcf.setClientSecret("not-the-secret-at-all");
        Verification v = ((GraphMailConnectionFactory) mcf.createConnectionFactory()).verify();
        assertFalse(v.ready(), v.toString());
        assertTrue(v.lines().stream().anyMatch(l -> l.startsWith("✗ token:") && l.contains("7000215")), v.toString());
        assertFalse(v.toString().contains("not-the-secret-at-all"), v.toString());
    }

    @Test
    void theAdapterLogsTheChecksOncePerConfiguration() throws Exception {
        List<LogRecord> records = new ArrayList<>();
        Logger log = Logger.getLogger(GraphMailResourceAdapter.class.getName());
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getMessage() != null && r.getMessage().contains("checks of the factory")) {
                    synchronized (records) {
                        records.add(r);
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(h);
        GraphMailResourceAdapter ra = new GraphMailResourceAdapter();
        try {
            GraphMailManagedConnectionFactory a = factory();
            GraphMailManagedConnectionFactory b = factory();
            a.setResourceAdapter(ra);
            b.setResourceAdapter(ra);
            // both registered before start: start() schedules them; the second has the same settings
            ra.checkup(a);
            ra.checkup(b);
            assertEquals(1, records.size(), "one block per configuration");
            String block = records.get(0).getMessage();
            assertTrue(block.contains("✓ token:") && block.contains("application sign-in, graph wire"), block);
            assertFalse(block.contains(io.graphmail.sandbox.SandboxConfig.DEMO_SECRET), block);
        } finally {
            log.removeHandler(h);
            ra.stop();
        }
    }
}
