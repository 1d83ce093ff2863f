package io.graphmail.sandbox;

import static io.graphmail.sandbox.SendMailTest.assertError;
import static io.graphmail.sandbox.TestClient.json;
import static io.graphmail.sandbox.TestClient.simpleMime;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ThrottlingAndFaultsTest {
    static final String SENDER = "sender@contoso.example";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.demo().toBuilder()
        .concurrencyPerMailbox(2).throttleRetryAfterSeconds(7).build());

    private final TestClient c = new TestClient(SANDBOX.get());

    private HttpResponse<String> send(String token) {
        return c.sendMime(SENDER, token, simpleMime(SENDER, "bob@contoso.example", "x"));
    }

    @Test
    void overTheMailboxConcurrencyLimitIs429AndPeakIsCounted() throws Exception {
        String token = c.token();
        int n = 8;
        // Long enough that all requests overlap; the assertions do not depend on timing beyond that overlap.
        SANDBOX.get().faults().next(n, Fault.latency(Duration.ofMillis(700)));
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(CompletableFuture.supplyAsync(() -> send(token)));
        }
        int accepted = 0;
        int throttled = 0;
        for (CompletableFuture<HttpResponse<String>> f : futures) {
            HttpResponse<String> r = f.get();
            if (r.statusCode() == 202) {
                accepted++;
            } else {
                assertError(r, 429, "ApplicationThrottled");
                assertEquals("Application is over its MailboxConcurrency limit.", json(r).at("/error/message").asText());
                assertEquals("7", r.headers().firstValue("Retry-After").orElseThrow());
                throttled++;
            }
        }
        assertTrue(throttled > 0, "some requests must be throttled");
        assertEquals(accepted, SANDBOX.get().messages().size());
        assertEquals(2, SANDBOX.get().peakConcurrentRequests(SENDER));
        assertEquals(2, SANDBOX.get().peakConcurrentRequests("Sender@Contoso.Example"));
        assertEquals(2, SANDBOX.get().peakConcurrentRequests());
        assertEquals(0, SANDBOX.get().peakConcurrentRequests("alice@contoso.example"));
        SANDBOX.get().resetCounters();
        assertEquals(0, SANDBOX.get().peakConcurrentRequests());
    }

    @Test
    void throttleFaultWithAndWithoutRetryAfter() {
        String token = c.token();
        SANDBOX.get().faults().next(1, Fault.throttle(3));
        SANDBOX.get().faults().next(1, Fault.throttle(null));
        HttpResponse<String> r = send(token);
        assertError(r, 429, "TooManyRequests");
        assertEquals("3", r.headers().firstValue("Retry-After").orElseThrow());
        r = send(token);
        assertError(r, 429, "TooManyRequests");
        assertFalse(r.headers().firstValue("Retry-After").isPresent());
        assertEquals(202, send(token).statusCode());
        assertEquals(1, SANDBOX.get().messages().size());
    }

    @Test
    void serviceUnavailableFault() {
        String token = c.token();
        SANDBOX.get().faults().next(1, Fault.serviceUnavailable(0));
        HttpResponse<String> r = send(token);
        assertError(r, 503, "ServiceUnavailable");
        assertEquals("0", r.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(SANDBOX.get().messages().isEmpty());
        assertEquals(202, send(token).statusCode());
    }

    @Test
    void gatewayTimeoutAfterAcceptCapturesTheMessage() {
        String token = c.token();
        SANDBOX.get().faults().next(1, Fault.gatewayTimeoutAfterAccept());
        assertError(send(token), 504, "GatewayTimeout");
        assertEquals(1, SANDBOX.get().messages().size());
    }

    @Test
    void latencyFaultStillSucceedsAndFaultsDoNotTouchTokenRequests() {
        SANDBOX.get().faults().next(1, Fault.latency(Duration.ofMillis(10)));
        String token = c.token();   // not faulted: the latency is still queued for the Graph call
        assertEquals(202, send(token).statusCode());
        assertEquals(1, SANDBOX.get().messages().size());
    }

    @Test
    void clearDropsQueuedFaults() {
        SANDBOX.get().faults().next(3, Fault.throttle(1));
        SANDBOX.get().faults().clear();
        assertEquals(202, send(c.token()).statusCode());
    }
}
