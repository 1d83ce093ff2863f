package io.graphmail.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphmail.config.GraphSettings;
import io.graphmail.graph.Waits;
import io.graphmail.sandbox.Limits;
import io.graphmail.sandbox.Sandbox;
import io.graphmail.sandbox.SandboxConfig;
import io.graphmail.sandbox.SandboxExtension;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A burst well over the mailbox's request budget (the sandbox compressed to 20 requests per 2 s, which graphmail does
 * not know: it paces to Graph's 10,000 per 10 minutes) ends with every message delivered exactly once, each 429 the
 * sandbox answered waited out and counted by graphmail as throttled.
 */
class PacingBurstTest {

    private static final String SENDER = "sender@contoso.example";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.demo().toBuilder()
            .limits(Limits.graph().withRequests(20, Duration.ofSeconds(2))).build());

    @Test
    void everyMessageOfABurstOverTheRequestBudgetIsDeliveredOnceAndEvery429Counted() throws Exception {
        Sandbox sandbox = SANDBOX.get();
        Properties p = sandbox.mailProperties();
        p.setProperty("mail.graph.retries", "20");
        int count = 50;
        MailerRegistry registry = new MailerRegistry(Waits.SYSTEM);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (MailerRegistry.Lease lease = registry.lease(GraphSettings.from(p))) {
            Mailer mailer = lease.mailer();
            List<Future<Boolean>> sends = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                MimeMessage m = new MimeMessage(Session.getInstance(p));
                m.setFrom(new InternetAddress(SENDER));
                m.setRecipient(Message.RecipientType.TO, new InternetAddress("bob@contoso.example"));
                m.setSubject("burst " + i);
                m.setText("hello");
                m.saveChanges();
                sends.add(pool.submit(() -> mailer.send(m, m.getAllRecipients(), null, null).delivered()));
            }
            for (Future<Boolean> f : sends) {
                assertTrue(f.get());
            }
            int answered429 = sandbox.throttled(Sandbox.Throttle.REQUESTS)
                    + sandbox.throttled(Sandbox.Throttle.CONCURRENCY);
            assertTrue(sandbox.throttled(Sandbox.Throttle.REQUESTS) > 0, "the burst must go over the budget");
            assertEquals(answered429, mailer.retryPolicy().throttled());
            assertEquals(answered429, mailer.retryPolicy().retried());
        } finally {
            pool.shutdownNow();
            registry.closeAll();
        }
        assertEquals(count, sandbox.messages().size());
        assertEquals(count, sandbox.messages().stream().map(m -> m.subject()).distinct().count());
    }
}
