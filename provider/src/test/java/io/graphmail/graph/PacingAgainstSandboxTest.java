package io.graphmail.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.graphmail.auth.Credentials;
import io.graphmail.auth.TokenSource;
import io.graphmail.sandbox.Limits;
import io.graphmail.sandbox.Sandbox;
import io.graphmail.sandbox.SandboxConfig;
import io.graphmail.sandbox.SandboxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node that knows the mailbox's request budget keeps to it against a sandbox that enforces it (compressed to 20
 * requests per 2 s): a burst three times the budget is delivered in full without a single 429.
 */
class PacingAgainstSandboxTest {

    private static final int BUDGET = 20;
    private static final Duration WINDOW = Duration.ofSeconds(2);
    private static final String SENDER = "sender@contoso.example";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.demo().toBuilder()
            .limits(Limits.graph().withRequests(BUDGET, WINDOW)).build());

    @Test
    void aBurstOverTheBudgetIsPacedIntoItWithoutA429() throws Exception {
        Sandbox sandbox = SANDBOX.get();
        HttpClient http = HttpClient.newBuilder().sslContext(sandbox.clientSslContext()).build();
        TokenSource tokens = new TokenSource(URI.create(sandbox.authorityUrl()), SandboxConfig.DEMO_TENANT_ID,
                SandboxConfig.DEMO_CLIENT_ID, Credentials.secret(SandboxConfig.DEMO_SECRET),
                sandbox.graphUrl() + "/.default", http, Duration.ofSeconds(10), Clock.systemUTC());
        MailboxLimiter limiter = new MailboxLimiter(4, new MailboxBudget(BUDGET, WINDOW,
                MailboxBudget.GRAPH.uploadBytes(), MailboxBudget.GRAPH.uploadWindow()));
        RetryPolicy retry = new RetryPolicy(4, Duration.ofMillis(500));
        GraphClient graph = new GraphClient(URI.create(sandbox.graphUrl()), () -> http, tokens, limiter, retry,
                Duration.ofSeconds(30), Waits.SYSTEM);
        int count = 3 * BUDGET;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<GraphClient.Response>> sends = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String mime = "From: " + SENDER + "\r\nTo: bob@contoso.example\r\nSubject: paced " + i
                        + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nHello.\r\n";
                byte[] body = Base64.getEncoder().encode(mime.getBytes(StandardCharsets.US_ASCII));
                sends.add(pool.submit(() -> graph.post(SENDER, "sendMail", "text/plain",
                        () -> HttpRequest.BodyPublishers.ofByteArray(body))));
            }
            for (Future<GraphClient.Response> f : sends) {
                assertEquals(202, f.get().status());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(count, sandbox.messages().size());
        assertEquals(count, sandbox.messages().stream().map(m -> m.subject()).distinct().count());
        assertEquals(0, sandbox.throttled(Sandbox.Throttle.REQUESTS));
        assertEquals(0, sandbox.throttled(Sandbox.Throttle.CONCURRENCY));
        assertEquals(0, retry.throttled());
    }
}
