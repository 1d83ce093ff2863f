package io.graphmail.auth;

import com.microsoft.aad.msal4j.AbstractClientApplicationBase;
import com.microsoft.aad.msal4j.AuthorizationCodeParameters;
import com.microsoft.aad.msal4j.AuthorizationRequestUrlParameters;
import com.microsoft.aad.msal4j.DeviceCodeFlowParameters;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.Prompt;
import com.microsoft.aad.msal4j.PublicClientApplication;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Signs a user in once, for {@code graphmail authorize}, and keeps the result in the {@link TokenCacheFile}: with a
 * device code (the user opens a page on any device and types a code; works over SSH) or in a browser with the
 * authorization code flow and PKCE, redirected to a listener on this machine's loopback interface.
 */
public final class UserSignIn {

    /** The identity platform gives a user 15 minutes to enter a device code. */
    private static final Duration DEVICE_CODE_WAIT = Duration.ofMinutes(15);

    /** One daemon thread for MSAL's polling (see MsalApps.publicClient); a sign-in is one person at a time. */
    private static final java.util.concurrent.ExecutorService EXECUTOR =
            java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "graphmail-sign-in");
                t.setDaemon(true);
                return t;
            });

    private final AbstractClientApplicationBase app;
    private final MsalApps.Captured captured = new MsalApps.Captured();
    private final boolean publicClient;
    private final URI authority;
    private final String tenant;
    private final String clientId;
    private final Set<String> scopes;
    private final TokenCacheFile cache;
    private final Duration timeout;
    private final Clock clock;
    private final String description;

    /** @param credential the app's credential for a confidential client, or null for a public client */
    public UserSignIn(URI authority, String tenant, String clientId, IClientCredential credential, String scope,
                      TokenCacheFile cache, Supplier<HttpClient> http, Duration timeout, Clock clock) {
        this.app = MsalApps.forUser(clientId, credential, authority, tenant, http, timeout, captured, EXECUTOR);
        this.publicClient = credential == null;
        this.authority = authority;
        this.tenant = tenant;
        this.clientId = clientId;
        this.scopes = RefreshTokenGrant.scopes(scope);
        this.cache = cache;
        this.timeout = timeout;
        this.clock = clock;
        this.description = "client " + clientId + " in tenant " + tenant + " at " + authority;
    }

    /**
     * The device code flow: {@code show} gets the identity platform's instruction (the page and the code).
     *
     * @throws TokenException when the app is confidential (device codes are for public clients), the user declined,
     *                        the code expired, or the identity platform refused
     */
    public CachedSignIn deviceCode(Consumer<String> show) throws TokenException {
        if (!publicClient) {
            throw new TokenException("a device code sign-in needs a public client: remove the client secret,"
                    + " certificate or assertion file from the configuration and turn on 'Allow public client flows'"
                    + " under Authentication of the app registration, or use --browser", null, true, null);
        }
        DeviceCodeFlowParameters p = DeviceCodeFlowParameters.builder(scopes, dc -> show.accept(dc.message())).build();
        IAuthenticationResult r = MsalCalls.await(() -> ((PublicClientApplication) app).acquireToken(p),
                DEVICE_CODE_WAIT, description, null, "graphmail authorize");
        return store(r);
    }

    /**
     * The authorization code flow with PKCE in a browser: {@code open} gets the sign-in address (to print it, or to
     * open a browser at it); the identity platform redirects the browser to {@code http://localhost:<port>}, where
     * this method listens on the loopback interface only.
     *
     * @param port the loopback port to listen on, 0 for any free one (the redirect URI registered for the app must
     *             allow it: {@code http://localhost} without a port allows all)
     * @param wait how long to wait for the user
     * @throws TokenException when the user cancelled, the wait ran out, or the identity platform refused
     */
    public CachedSignIn browser(int port, Consumer<URI> open, Duration wait) throws TokenException {
        byte[] random = new byte[32];
        SecureRandom rnd = new SecureRandom();
        rnd.nextBytes(random);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        rnd.nextBytes(random);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        CompletableFuture<Map<String, String>> answer = new CompletableFuture<>();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new TokenException("could not listen on localhost:" + port + " for the sign-in's redirect: "
                    + e.getMessage() + " (choose another --port)", null, false, e);
        }
        server.createContext("/", ex -> {
            // the answer comes in the query as asked, or as a form post from a platform that prefers it
            Map<String, String> q = "POST".equals(ex.getRequestMethod())
                    ? query(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII))
                    : query(ex.getRequestURI().getRawQuery());
            boolean ours = state.equals(q.get("state"));
            String page = !ours ? "This sign-in answer does not belong to the running graphmail authorize."
                    : q.containsKey("code") ? "Signed in. You can close this window and return to graphmail."
                    : "Sign-in did not complete: " + q.getOrDefault("error_description", q.getOrDefault("error", "?"));
            byte[] body = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>graphmail</title></head><body>"
                    + "<p id=\"result\">" + html(page) + "</p></body></html>").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(ours ? 200 : 400, body.length);
            ex.getResponseBody().write(body);
            ex.close();
            if (ours) answer.complete(q);
        });
        server.start();
        try {
            URI redirect = URI.create("http://localhost:" + server.getAddress().getPort());
            AuthorizationRequestUrlParameters p = AuthorizationRequestUrlParameters.builder(redirect.toString(), scopes)
                    .codeChallenge(challenge(verifier)).codeChallengeMethod("S256").state(state)
                    .responseMode(com.microsoft.aad.msal4j.ResponseMode.QUERY)
                    .prompt(Prompt.SELECT_ACCOUNT).build();
            open.accept(URI.create(app.getAuthorizationRequestUrl(p).toString()));
            Map<String, String> q;
            try {
                q = answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new TokenException("nobody completed the sign-in within " + wait.toMinutes() + " minutes:"
                        + " run graphmail authorize --browser again", null, false, e);
            } catch (ExecutionException e) {
                throw new TokenException("the sign-in failed: " + e.getCause(), null, false, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TokenException("interrupted while waiting for the sign-in", null, false, e);
            }
            if (!q.containsKey("code")) {
                throw new TokenException("the sign-in did not complete (" + q.getOrDefault("error", "?") + "): "
                        + q.getOrDefault("error_description", "no reason given"), q.get("error"), true, null);
            }
            AuthorizationCodeParameters code = AuthorizationCodeParameters.builder(q.get("code"), redirect)
                    .scopes(scopes).codeVerifier(verifier).build();
            return store(MsalCalls.await(() -> app.acquireToken(code), timeout, description, null,
                    "graphmail authorize --browser"));
        } finally {
            server.stop(0);
        }
    }

    private CachedSignIn store(IAuthenticationResult r) throws TokenException {
        try {
            String rt = captured.refreshToken();
            if (rt == null) {
                throw new TokenException("the identity platform signed " + r.account().username() + " in but returned"
                        + " no refresh token, so graphmail could not send later: check that the app may ask for"
                        + " offline_access", null, true, null);
            }
            String user = captured.username() != null ? captured.username() : r.account().username();
            CachedSignIn signIn = new CachedSignIn(clientId, tenant, authority.toString(), user,
                    captured.homeAccountId(), String.join(" ", scopes), rt, clock.instant(), clock.instant(), 0);
            cache.update((current, write) -> {
                write.accept(signIn);
                return null;
            });
            return signIn;
        } catch (IOException e) {
            throw new TokenException("MSAL's answer could not be read: " + e.getMessage(), null, false, e);
        }
    }

    private static String challenge(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null) return q;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
