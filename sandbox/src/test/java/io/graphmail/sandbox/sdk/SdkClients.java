package io.graphmail.sandbox.sdk;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.microsoft.graph.core.authentication.AzureIdentityAuthenticationProvider;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import io.graphmail.sandbox.MsalPortWorkaround;
import io.graphmail.sandbox.Sandbox;
import io.graphmail.sandbox.SandboxConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * Microsoft's Graph SDK and azure-identity configured as a user would point them at the sandbox (docs/sandbox.md,
 * "Microsoft's Graph SDK"): nothing of theirs is replaced, only their documented settings are used.
 */
final class SdkClients {
    static final String SCOPE = "https://graph.microsoft.com/.default";

    private SdkClients() {
    }

    /**
     * MSAL's cache misses for an authority with a port (docs/sandbox.md, "MSAL4J"), and
     * azure-identity cannot pass MSAL the host's aliases. MSAL keeps those aliases per host for the whole JVM, so one
     * MSAL application built with them makes azure-identity's MSAL cache work too (docs/sandbox.md).
     */
    static void teachMsalTheSandboxHost(Sandbox sandbox) {
        try {
            ConfidentialClientApplication.builder(SandboxConfig.DEMO_CLIENT_ID,
                    ClientCredentialFactory.createFromSecret("unused"))
                .authority(sandbox.authorityUrl() + "/" + SandboxConfig.DEMO_TENANT_ID + "/")
                .aadInstanceDiscoveryResponse(MsalPortWorkaround.instanceDiscoveryResponse(sandbox))
                .build();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** azure-identity's client secret credential, authority host = the sandbox, no instance discovery. */
    static TokenCredential credential(Sandbox sandbox, String tenant, String clientId, String secret) {
        return new ClientSecretCredentialBuilder()
            .authorityHost(sandbox.authorityUrl())
            .disableInstanceDiscovery()
            .tenantId(tenant)
            .clientId(clientId)
            .clientSecret(secret)
            .httpClient(azureHttpClient(sandbox))
            .build();
    }

    /**
     * A Graph client whose tokens go to 127.0.0.1 only (as they go to graph.microsoft.com only by default), with the
     * SDK's default middleware (retry, redirect, ...) and its requests sent to the sandbox's /v1.0.
     */
    static GraphServiceClient graph(Sandbox sandbox, TokenCredential credential) {
        AzureIdentityAuthenticationProvider auth = new AzureIdentityAuthenticationProvider(credential,
            new String[] {"127.0.0.1"}, SCOPE);
        X509TrustManager trust = trustManager(sandbox);
        OkHttpClient http = GraphClientFactory.create()
            .sslSocketFactory(sandbox.clientSslContext().getSocketFactory(), trust)
            .build();
        GraphServiceClient client = new GraphServiceClient(auth, http);
        client.getRequestAdapter().setBaseUrl(sandbox.graphUrl() + "/v1.0");
        return client;
    }

    static HttpClient azureHttpClient(Sandbox sandbox) {
        try {
            SslContext ssl = SslContextBuilder.forClient().trustManager(trustManager(sandbox)).build();
            return new NettyAsyncHttpClientBuilder(reactor.netty.http.client.HttpClient.create()
                .secure(spec -> spec.sslContext(ssl))).build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static X509TrustManager trustManager(Sandbox sandbox) {
        try (InputStream in = Files.newInputStream(sandbox.truststore())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, sandbox.truststorePassword().toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return (X509TrustManager) tmf.getTrustManagers()[0];
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
