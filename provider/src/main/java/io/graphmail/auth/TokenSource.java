package io.graphmail.auth;

import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.MsalException;
import com.microsoft.aad.msal4j.MsalServiceException;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * App-only access tokens for one app registration and scope, obtained through MSAL4J and cached here.
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

    private final ConfidentialClientApplication app;
    private final Set<String> scopes;
    private final Duration timeout;
    private final Clock clock;
    private final String description;
    private final String derivedScope;
    private AccessToken current;  // guarded by this

    /**
     * @param authority identity platform base URL, e.g. {@code https://login.microsoftonline.com}
     * @param http      the client for token requests (its SSL context and connect timeout apply)
     * @param timeout   how long one token request may take
     */
    public TokenSource(URI authority, String tenant, String clientId, IClientCredential credential, String scope,
                       HttpClient http, Duration timeout, Clock clock) {
        this(authority, tenant, clientId, credential, scope, false, http, timeout, clock);
    }

    /**
     * @param scopeDerived whether the scope was made from the Graph endpoint rather than configured, so that an invalid
     *                     scope is blamed on the property that made it
     */
    public TokenSource(URI authority, String tenant, String clientId, IClientCredential credential, String scope,
                       boolean scopeDerived, HttpClient http, Duration timeout, Clock clock) {
        this(authority, tenant, clientId, credential, scope, scopeDerived, () -> http, timeout, clock);
    }

    /** @param http the client for token requests, asked for on each request */
    public TokenSource(URI authority, String tenant, String clientId, IClientCredential credential, String scope,
                       boolean scopeDerived, java.util.function.Supplier<HttpClient> http, Duration timeout,
                       Clock clock) {
        this.derivedScope = scopeDerived ? scope : null;
        this.scopes = Set.of(scope);
        this.timeout = timeout;
        this.clock = clock;
        this.description = "client " + clientId + " in tenant " + tenant + " at " + authority;
        try {
            this.app = ConfidentialClientApplication.builder(clientId, credential)
                    .authority(authority + "/" + tenant + "/")
                    // instance discovery would call login.microsoftonline.com even for other hosts
                    .instanceDiscovery(false)
                    .httpClient(new JdkMsalHttpClient(http, timeout))
                    .executorService(new CallerRunsExecutor())
                    .build();
        } catch (Exception e) {
            throw new IllegalArgumentException("MSAL4J refused the authority " + authority + "/" + tenant + "/: " + e.getMessage(), e);
        }
    }

    /** A token valid for at least {@link #EXPIRY_MARGIN}; fetched only when the cached one is missing or expiring. */
    public synchronized AccessToken token() throws TokenException {
        if (current == null || expiresWithin(current, EXPIRY_MARGIN)) {
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
        ClientCredentialParameters params = ClientCredentialParameters.builder(scopes).skipCache(true).build();
        long start = System.nanoTime();
        try {
            IAuthenticationResult r = app.acquireToken(params).get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            Instant expires = r.expiresOnDate().toInstant();
            LOG.log(System.Logger.Level.DEBUG, () -> "token for " + description + " expires " + expires
                    + " (" + (System.nanoTime() - start) / 1_000_000 + " ms)");
            return new AccessToken(r.accessToken(), expires);
        } catch (ExecutionException e) {
            throw translate(e.getCause() != null ? e.getCause() : e);
        } catch (TimeoutException e) {
            throw new TokenException("no answer from the identity platform within " + timeout.toMillis()
                    + " ms (" + description + "): check the network path, a proxy, or mail.graph.timeout", null, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenException("interrupted while waiting for an access token", null, false, e);
        } catch (MsalException e) {
            throw translate(e);
        }
    }

    private TokenException translate(Throwable t) {
        if (t instanceof MsalServiceException) {
            MsalServiceException e = (MsalServiceException) t;
            String code = AadstsAdvice.code(e.getMessage());
            String advice = AadstsAdvice.adviceFor(code, derivedScope);
            String first = firstLine(e.getMessage());
            String text = "the identity platform refused a token for " + description + " (HTTP " + e.statusCode()
                    + " " + e.errorCode() + (code != null ? ", AADSTS" + code : "") + "): "
                    + (advice != null ? advice + ". Service said: " : "") + first
                    + (e.correlationId() != null ? " [correlation-id " + e.correlationId() + "]" : "");
            // a 5xx is the identity platform failing, not a verdict on the credentials
            boolean rejected = e.statusCode() < 500;
            return new TokenException(rejected ? text : "the identity platform is failing (HTTP " + e.statusCode()
                    + ") for " + description + ": try again later; nothing is wrong with the configuration as far as"
                    + " this answer tells. Service said: " + first
                    + (e.correlationId() != null ? " [correlation-id " + e.correlationId() + "]" : ""),
                    code != null ? "AADSTS" + code : e.errorCode(), rejected, e);
        }
        String msg = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
        return new TokenException("could not obtain an access token for " + description + ": " + msg
                + " (check mail.graph.authority, the network path and the trust store)", null, false, t);
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int cut = s.indexOf("\r");
        int nl = s.indexOf("\n");
        if (cut < 0 || (nl >= 0 && nl < cut)) cut = nl;
        return cut < 0 ? s : s.substring(0, cut);
    }

    @Override
    public String toString() {
        return "TokenSource[" + description + "]";
    }
}
