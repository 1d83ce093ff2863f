package io.graphmail.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphmail.config.GraphSettings;
import io.graphmail.graph.FakeWaits;
import io.graphmail.sandbox.Fault;
import io.graphmail.sandbox.SandboxExtension;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.lang.management.ManagementFactory;
import java.util.Properties;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each engine's figures are on the platform MBean server while it lives, and gone after. */
class JmxTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    private static MimeMessage message(Properties p, String to) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(p));
        m.setFrom(new InternetAddress("sender@contoso.example"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        m.setSubject("figures");
        m.setText("hello");
        m.saveChanges();
        return m;
    }

    @Test
    void sentRefusedThrottledAndTheLastErrorAreVisibleOverJmxAndNoSecret() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        MailerRegistry registry = new MailerRegistry(new FakeWaits());
        Properties p = SANDBOX.get().mailProperties();
        p.setProperty("mail.graph.retries", "3");
        ObjectName name;
        try (MailerRegistry.Lease lease = registry.lease(GraphSettings.from(p))) {
            Mailer mailer = lease.mailer();
            SANDBOX.get().faults().next(1, Fault.throttle(1));
            MimeMessage ok = message(p, "alice@contoso.example");
            assertTrue(mailer.send(ok, ok.getAllRecipients(), null, null).delivered());
            MimeMessage bad = message(p, "nobody@contoso.example");
            mailer.send(bad, bad.getAllRecipients(), null, null);

            Set<ObjectName> names = server.queryNames(new ObjectName("io.graphmail:type=Mailer,*"), null);
            name = names.stream().filter(n -> {
                try {
                    return ((Long) server.getAttribute(n, "Refused")) == 1L
                            && ((Long) server.getAttribute(n, "Sent")) == 1L;
                } catch (Exception e) {
                    return false;
                }
            }).findFirst().orElseThrow(() -> new AssertionError("no MBean with these figures: " + names));
            assertEquals(1L, server.getAttribute(name, "Throttled"));
            assertEquals(1L, server.getAttribute(name, "Retried"));
            assertEquals(-1L, server.getAttribute(name, "Queued"), "no outbox");
            String lastError = (String) server.getAttribute(name, "LastError");
            assertTrue(lastError.contains("ErrorInvalidRecipients"), lastError);
            assertFalse(((String) server.getAttribute(name, "LastErrorRequestId")).isEmpty());
            assertFalse(((String) server.getAttribute(name, "TokenExpiry")).isEmpty());
            for (var attribute : server.getMBeanInfo(name).getAttributes()) {
                Object v = server.getAttribute(name, attribute.getName());
                assertFalse(String.valueOf(v).contains(p.getProperty("mail.graph.client.secret")), attribute.getName());
            }
        }
        registry.closeAll();
        assertFalse(server.isRegistered(name), "unregistered with its engine");
    }
}
