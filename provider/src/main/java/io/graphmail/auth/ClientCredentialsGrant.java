package io.graphmail.auth;

import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/** App-only tokens: the client credentials grant, asked with {@code skipCache} since {@link TokenSource} caches. */
public final class ClientCredentialsGrant implements TokenGrant {

    private final ConfidentialClientApplication app;
    private final Set<String> scopes;
    private final Duration timeout;
    private final String description;
    private final String derivedScope;

    /**
     * @param scopeDerived whether the scope was made by graphmail rather than configured, so that an invalid scope is
     *                     blamed on the property that made it
     */
    public ClientCredentialsGrant(URI authority, String tenant, String clientId, IClientCredential credential,
                                  String scope, boolean scopeDerived, Supplier<HttpClient> http, Duration timeout) {
        this.app = MsalApps.confidential(clientId, credential, authority, tenant, http, timeout, null);
        this.scopes = Set.of(scope);
        this.timeout = timeout;
        this.derivedScope = scopeDerived ? scope : null;
        this.description = "client " + clientId + " in tenant " + tenant + " at " + authority;
    }

    @Override
    public AccessToken acquire() throws TokenException {
        ClientCredentialParameters params = ClientCredentialParameters.builder(scopes).skipCache(true).build();
        IAuthenticationResult r = MsalCalls.await(() -> app.acquireToken(params), timeout, description, derivedScope,
                null);
        return new AccessToken(r.accessToken(), r.expiresOnDate().toInstant());
    }

    @Override
    public String description() {
        return description;
    }
}
