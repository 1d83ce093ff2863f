package io.graphmail.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.aad.msal4j.AbstractClientApplicationBase;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.ITokenCacheAccessAspect;
import com.microsoft.aad.msal4j.ITokenCacheAccessContext;
import com.microsoft.aad.msal4j.PublicClientApplication;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.Supplier;

/**
 * MSAL4J applications as graphmail builds them: our HTTP client and timeouts, no instance discovery, requests in the
 * caller's thread, and an in-memory cache that starts empty for every call and is read afterwards, so that the refresh
 * token MSAL receives (it never hands one out otherwise) can be kept in graphmail's own encrypted file.
 */
final class MsalApps {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MsalApps() {
    }

    static ConfidentialClientApplication confidential(String clientId, IClientCredential credential, URI authority,
            String tenant, Supplier<HttpClient> http, Duration timeout, Captured captured) {
        try {
            ConfidentialClientApplication.Builder b = ConfidentialClientApplication.builder(clientId, credential)
                    .authority(authority + "/" + tenant + "/")
                    // instance discovery would call login.microsoftonline.com even for other hosts
                    .instanceDiscovery(false)
                    .httpClient(new JdkMsalHttpClient(http, timeout))
                    .executorService(new CallerRunsExecutor());
            if (captured != null) b.setTokenCacheAccessAspect(captured);
            return b.build();
        } catch (Exception e) {
            throw refused(authority, tenant, e);
        }
    }

    /**
     * @param executor runs MSAL's asynchronous work; null runs it in the caller's thread, which every flow but the
     *                 device code can do (MSAL's device code flow keeps a handle on the future it starts, which does not
     *                 exist yet while a caller-runs executor is still running it)
     */
    static PublicClientApplication publicClient(String clientId, URI authority, String tenant,
            Supplier<HttpClient> http, Duration timeout, Captured captured, java.util.concurrent.ExecutorService executor) {
        try {
            return PublicClientApplication.builder(clientId)
                    .authority(authority + "/" + tenant + "/")
                    .instanceDiscovery(false)
                    .httpClient(new JdkMsalHttpClient(http, timeout))
                    .executorService(executor != null ? executor : new CallerRunsExecutor())
                    .setTokenCacheAccessAspect(captured)
                    .build();
        } catch (Exception e) {
            throw refused(authority, tenant, e);
        }
    }

    /** A public client without a credential, else a confidential one. */
    static AbstractClientApplicationBase forUser(String clientId, IClientCredential credentialOrNull, URI authority,
            String tenant, Supplier<HttpClient> http, Duration timeout, Captured captured,
            java.util.concurrent.ExecutorService executor) {
        return credentialOrNull == null ? publicClient(clientId, authority, tenant, http, timeout, captured, executor)
                : confidential(clientId, credentialOrNull, authority, tenant, http, timeout, captured);
    }

    private static IllegalArgumentException refused(URI authority, String tenant, Exception e) {
        return new IllegalArgumentException("MSAL4J refused the authority " + authority + "/" + tenant + "/: "
                + e.getMessage(), e);
    }

    /** The cache of the last call: empty before it, read after it. */
    static final class Captured implements ITokenCacheAccessAspect {
        private volatile String last;

        @Override
        public void beforeCacheAccess(ITokenCacheAccessContext context) {
            // every call starts from nothing: graphmail's file, not MSAL's memory, holds the sign-in
            context.tokenCache().deserialize("{}");
            last = null;
        }

        @Override
        public void afterCacheAccess(ITokenCacheAccessContext context) {
            if (context.hasCacheChanged()) {
                last = context.tokenCache().serialize();
            }
        }

        /** The refresh token MSAL stored in the last call, or null when the answer had none. */
        String refreshToken() throws IOException {
            return first("RefreshToken", "secret");
        }

        /** The signed-in account's user name, or null. */
        String username() throws IOException {
            return first("Account", "username");
        }

        String homeAccountId() throws IOException {
            return first("Account", "home_account_id");
        }

        private String first(String section, String field) throws IOException {
            String json = last;
            if (json == null) return null;
            JsonNode entries = JSON.readTree(json).path(section);
            Iterator<JsonNode> it = entries.elements();
            while (it.hasNext()) {
                JsonNode v = it.next().path(field);
                if (v.isTextual() && !v.asText().isEmpty()) return v.asText();
            }
            return null;
        }
    }
}
