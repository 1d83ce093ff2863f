package io.graphmail.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.MsalServiceException;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Unmodified MSAL4J 1.26.0 gets tokens from the sandbox, with a secret and with a certificate. */
class MsalTest {
    static final Certificates.Credential CERT = Certificates.selfSigned("graphmail msal test");
    static final Certificates.Credential OTHER_CERT = Certificates.selfSigned("not registered");
    static final String CERT_APP = "c3c3c3c3-0000-4000-8000-000000000001";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.demo().toBuilder()
        .app(App.builder(CERT_APP).certificate(CERT.certificate()).build()).build());

    private IAuthenticationResult acquire(String clientId, IClientCredential credential, String tenant)
        throws Exception {
        Sandbox s = SANDBOX.get();
        ConfidentialClientApplication app = ConfidentialClientApplication.builder(clientId, credential)
            .authority(s.authorityUrl() + "/" + tenant + "/")
            .instanceDiscovery(false)
            .sslSocketFactory(s.clientSslContext().getSocketFactory())
            .build();
        return app.acquireToken(ClientCredentialParameters.builder(Set.of("https://graph.microsoft.com/.default"))
            .skipCache(true).build()).get();
    }

    /** MSAL's cache misses for an authority with a port unless told the host's aliases (docs/sandbox.md). */
    @Test
    void tokenIsCachedAcrossCalls() throws Exception {
        Sandbox s = SANDBOX.get();
        ConfidentialClientApplication app = ConfidentialClientApplication.builder(TestClient.CLIENT,
                ClientCredentialFactory.createFromSecret(TestClient.SECRET))
            .authority(s.authorityUrl() + "/" + TestClient.TENANT + "/")
            .aadInstanceDiscoveryResponse(MsalPortWorkaround.instanceDiscoveryResponse(s))
            .sslSocketFactory(s.clientSslContext().getSocketFactory())
            .build();
        ClientCredentialParameters p = ClientCredentialParameters.builder(
            Set.of("https://graph.microsoft.com/.default")).build();
        String first = app.acquireToken(p).get().accessToken();
        String second = app.acquireToken(p).get().accessToken();
        assertTrue(first.equals(second), "the second call got another token");
        assertEquals(1, s.tokenRequests());
    }

    @Test
    void secretCredential() throws Exception {
        IAuthenticationResult r = acquire(TestClient.CLIENT,
            ClientCredentialFactory.createFromSecret(TestClient.SECRET), TestClient.TENANT);
        assertUsable(r.accessToken());
    }

    @Test
    void certificateCredentialWithTenantIdAndWithDomain() throws Exception {
        IClientCredential credential = ClientCredentialFactory.createFromCertificate(CERT.privateKey(),
            CERT.certificate());
        assertUsable(acquire(CERT_APP, credential, TestClient.TENANT).accessToken());
        assertUsable(acquire(CERT_APP, credential, SandboxConfig.DEMO_DOMAIN).accessToken());
    }

    @Test
    void unregisteredCertificateIsAadsts700027() {
        IClientCredential credential = ClientCredentialFactory.createFromCertificate(OTHER_CERT.privateKey(),
            OTHER_CERT.certificate());
        ExecutionException e = assertThrows(ExecutionException.class,
            () -> acquire(CERT_APP, credential, TestClient.TENANT));
        MsalServiceException cause = (MsalServiceException) e.getCause();
        assertEquals("invalid_client", cause.errorCode());
        assertTrue(cause.getMessage().contains("AADSTS700027"), cause.getMessage());
    }

    @Test
    void wrongSecretSurfacesAsMsalServiceException() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> acquire(TestClient.CLIENT,
            ClientCredentialFactory.createFromSecret("nope"), TestClient.TENANT));
        MsalServiceException cause = (MsalServiceException) e.getCause();
        assertEquals(401, cause.statusCode());
        assertTrue(cause.getMessage().contains("AADSTS7000215"), cause.getMessage());
    }

    private static void assertUsable(String token) {
        TestClient c = new TestClient(SANDBOX.get());
        HttpResponse<String> r = c.sendMime("sender@contoso.example", token,
            TestClient.simpleMime("sender@contoso.example", "bob@contoso.example", "msal"));
        assertEquals(202, r.statusCode(), r.body());
    }
}
