package io.graphmail.auth;

import com.microsoft.aad.msal4j.IClientCredential;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The access token of one configuration: obtained through a {@link TokenGrant} (as the application, or as a signed-in
 * user) and cached here.
 *
 * <p>Why a cache of our own on top of MSAL's: MSAL does not coalesce concurrent requests (fifty threads with a cold
 * cache make fifty token requests), and its cache breaks for authorities with a port (docs/graph-behaviour.md §7).
 * So this class holds the current token, lets exactly one thread fetch at a time, and asks MSAL with {@code skipCache}
 * whenever it needs a new one. Tokens within {@link #EXPIRY_MARGIN} of expiry count as expired, as in MSAL.
 */
public final class TokenSource {

    /** MSAL's own window: a token with less than this left is treated as expired. */
    public static final Duration EXPIRY_MARGIN = Duration.ofMinutes(5);

    private static final System.Logger LOG = System.getLogger(TokenSource.class.getName());

    private final TokenGrant grant;
    private final Clock clock;
    private AccessToken current;  // guarded by this

    /**
     * @param authority identity platform base URL, e.g. {@code https://login.microsoftonline.com}
     * @param http      the client for token requests (its SSL context and connect timeout apply)
     * @param timeout   how long one token request may take
     */
    public TokenSource(URI authority, String tenant, String clientId, IClientCredential credential, String scope,
                       HttpClient http, Duration timeout, Clock clock) {
        this(new ClientCredentialsGrant(authority, tenant, clientId, credential, scope, false, () -> http, timeout),
                clock);
    }

    /** @param grant how new tokens are obtained; this source decides when */
    public TokenSource(TokenGrant grant, Clock clock) {
        this.grant = grant;
        this.clock = clock;
    }

    /** A token valid for at least {@link #EXPIRY_MARGIN}; fetched only when the cached one is missing or expiring. */
    public synchronized AccessToken token() throws TokenException {
        return token(EXPIRY_MARGIN);
    }

    /**
     * A token valid for at least {@code validity}: for a service that refuses tokens close to their expiry (Exchange's
     * SMTP endpoint wants about ten minutes, docs/graph-behaviour.md). A new token is fetched when the cached one is
     * shorter-lived; if even a new one is, it is returned all the same and the service decides.
     */
    public synchronized AccessToken token(Duration validity) throws TokenException {
        if (current == null || expiresWithin(current, validity)) {
            current = fetch();
        }
        return current;
    }

    /**
     * Replaces a token the service rejected (401). If another thread already replaced it, the newer one is returned
     * without a second request.
     */
    public synchronized AccessToken refresh(AccessToken rejected) throws TokenException {
        if (current == null || current == rejected) {
            current = fetch();
        }
        return current;
    }

    /**
     * Fetches a new token when the current one expires within {@code window}; for a background refresher, so that
     * no send waits on the identity platform. Returns true when a request was made.
     */
    public synchronized boolean refreshIfExpiringWithin(Duration window) throws TokenException {
        if (current == null || expiresWithin(current, window)) {
            current = fetch();
            return true;
        }
        return false;
    }

    /** When the current token expires, or null before the first one; never the token itself. */
    public synchronized Instant currentExpiry() {
        return current == null ? null : current.expiresAt();
    }

    private boolean expiresWithin(AccessToken t, Duration window) {
        return !t.expiresAt().isAfter(clock.instant().plus(window));
    }

    private AccessToken fetch() throws TokenException {
        long start = System.nanoTime();
        AccessToken t = grant.acquire();
        LOG.log(System.Logger.Level.DEBUG, () -> "token for " + grant.description() + " expires " + t.expiresAt()
                + " (" + (System.nanoTime() - start) / 1_000_000 + " ms)");
        return t;
    }

    @Override
    public String toString() {
        return "TokenSource[" + grant.description() + "]";
    }
}
