package io.graphmail.auth;

import com.microsoft.aad.msal4j.AbstractClientApplicationBase;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.RefreshTokenParameters;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Delegated tokens: redeems the refresh token kept in the {@link TokenCacheFile} and stores the new one the identity
 * platform returns (it rotates on every use, and only the newest survives 90 days of inactivity). The whole exchange
 * happens while the file is locked, so that JVMs sharing the file always redeem its newest token and never overwrite a
 * newer one with an older one.
 *
 * <p>Why redeem the refresh token explicitly instead of MSAL's silent call: the silent call finds the account through
 * MSAL's cache, which cannot hold entries for an authority with a port (docs/graph-behaviour.md §7), and keeping the
 * one secret that matters in graphmail's own encrypted file is what lets a cluster share it.
 */
public final class RefreshTokenGrant implements TokenGrant {

    private final AbstractClientApplicationBase app;
    private final MsalApps.Captured captured = new MsalApps.Captured();
    private final TokenCacheFile cache;
    private final String clientId;
    private final Set<String> scopes;
    private final Duration timeout;
    private final Clock clock;
    private final String description;
    private final String reauthorize;

    /**
     * @param credential the app's credential for a confidential client, or null for a public client
     * @param scope      space-separated scopes, e.g. {@code https://graph.microsoft.com/Mail.Send}
     * @param reauthorize the command that signs the user in again, for the error text
     */
    public RefreshTokenGrant(URI authority, String tenant, String clientId, IClientCredential credential, String scope,
                             TokenCacheFile cache, Supplier<HttpClient> http, Duration timeout, Clock clock,
                             String reauthorize) {
        this.app = MsalApps.forUser(clientId, credential, authority, tenant, http, timeout, captured, null);
        this.cache = cache;
        this.clientId = clientId;
        this.scopes = scopes(scope);
        this.timeout = timeout;
        this.clock = clock;
        this.reauthorize = reauthorize;
        this.description = "the signed-in user of client " + clientId + " in tenant " + tenant + " at " + authority
                + " (token cache " + cache.path() + ")";
    }

    static Set<String> scopes(String scope) {
        return new LinkedHashSet<>(Arrays.asList(scope.trim().split("\\s+")));
    }

    @Override
    public AccessToken acquire() throws TokenException {
        return cache.update((current, store) -> {
            if (current == null || current.refreshToken() == null) {
                throw new TokenException("nobody has signed in yet for " + description + ": run " + reauthorize,
                        null, true, null);
            }
            if (!clientId.equalsIgnoreCase(current.clientId())) {
                throw new TokenException("the token cache " + cache.path() + " was written for client "
                        + current.clientId() + ", not " + clientId + " (mail.graph.client.id): run " + reauthorize
                        + ", or point mail.graph.tokencache at that client's file", null, true, null);
            }
            RefreshTokenParameters params = RefreshTokenParameters.builder(scopes, current.refreshToken()).build();
            IAuthenticationResult r = MsalCalls.await(() -> app.acquireToken(params), timeout, description, null,
                    reauthorize);
            try {
                store.accept(current.refreshed(captured.refreshToken(), clock.instant()));
            } catch (IOException e) {
                throw new TokenException("MSAL's answer for " + description + " could not be read: " + e.getMessage(),
                        null, false, e);
            }
            return new AccessToken(r.accessToken(), r.expiresOnDate().toInstant());
        });
    }

    @Override
    public String description() {
        return description;
    }
}
