package io.graphmail.auth;

import io.graphmail.sandbox.SandboxConfig;
import io.graphmail.sandbox.SandboxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token cache: one request for many callers, renewal before MSAL's five-minute window, counted at the sandbox. */
class TokenSourceTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    /** A clock the test moves forward, so that an hour passes without waiting for it. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private TokenSource tokens(Clock clock) {
        HttpClient http = HttpClient.newBuilder().sslContext(SANDBOX.get().clientSslContext()).build();
        return new TokenSource(URI.create(SANDBOX.get().authorityUrl()), SandboxConfig.DEMO_TENANT_ID,
                SandboxConfig.DEMO_CLIENT_ID, Credentials.secret(SandboxConfig.DEMO_SECRET),
                SANDBOX.get().graphUrl() + "/.default", http, Duration.ofSeconds(10), clock);
    }

    @Test
    void tokenIsReusedUntilFiveMinutesBeforeExpiryThenRenewed() throws Exception {
        MovableClock clock = new MovableClock();
        TokenSource source = tokens(clock);
        AccessToken first = source.token();
        assertSame(first, source.token());
        assertEquals(1, SANDBOX.get().tokenRequests());

        clock.advance(Duration.ofMinutes(54));  // about 6 minutes left of 3599 s
        assertSame(first, source.token());
        assertEquals(1, SANDBOX.get().tokenRequests());

        clock.advance(Duration.ofMinutes(2));   // about 4 minutes left: MSAL would call it expired
        AccessToken second = source.token();
        assertNotSame(first, second);
        assertEquals(2, SANDBOX.get().tokenRequests());
        assertFalse(second.toString().contains(second.value()), "toString must not show the token");
    }

    @Test
    void backgroundRefreshRenewsOnlyWhenInsideTheWindow() throws Exception {
        MovableClock clock = new MovableClock();
        TokenSource source = tokens(clock);
        source.token();
        assertFalse(source.refreshIfExpiringWithin(Duration.ofMinutes(10)));
        clock.advance(Duration.ofMinutes(50));
        assertTrue(source.refreshIfExpiringWithin(Duration.ofMinutes(10)));
        assertEquals(2, SANDBOX.get().tokenRequests());
    }

    @Test
    void rejectedTokenIsReplacedOnceEvenWhenManyThreadsReportIt() throws Exception {
        TokenSource source = tokens(Clock.systemUTC());
        AccessToken rejected = source.token();
        AccessToken replacement = source.refresh(rejected);
        assertSame(replacement, source.refresh(rejected), "a second report of the same token must not fetch again");
        assertEquals(2, SANDBOX.get().tokenRequests());
    }

    @Test
    void twentyColdCallersMakeOneRequest() throws Exception {
        TokenSource source = tokens(Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<AccessToken>> all = new ArrayList<>();
            Callable<AccessToken> call = source::token;
            for (int i = 0; i < 20; i++) all.add(pool.submit(call));
            AccessToken one = all.get(0).get();
            for (Future<AccessToken> f : all) assertSame(one, f.get());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, SANDBOX.get().tokenRequests());
    }
}
