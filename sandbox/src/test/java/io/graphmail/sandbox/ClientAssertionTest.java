package io.graphmail.sandbox;

import static io.graphmail.sandbox.TestClient.form;
import static io.graphmail.sandbox.TokenEndpointTest.assertAad;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Hand-made client assertions: the header and claim variants of contract §6 [CERT]. */
class ClientAssertionTest {
    static final Certificates.Credential CERT = Certificates.selfSigned("assertion test");
    static final String APP = "e0e0e0e0-0000-4000-8000-000000000001";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.demo().toBuilder()
        .app(App.builder(APP).certificate(CERT.certificate()).build()).build());

    private String endpoint(String tenant) {
        return SANDBOX.get().authorityUrl() + "/" + tenant + "/oauth2/v2.0/token";
    }

    private String assertion(String alg, String thumbHeader, String thumb, String aud, long expOffset, String iss)
        throws Exception {
        ObjectNode h = TestClient.JSON.createObjectNode().put("alg", alg).put("typ", "JWT").put(thumbHeader, thumb);
        long now = System.currentTimeMillis() / 1000;
        ObjectNode c = TestClient.JSON.createObjectNode().put("aud", aud).put("iss", iss).put("sub", iss)
            .put("jti", UUID.randomUUID().toString()).put("nbf", now).put("iat", now).put("exp", now + expOffset);
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String input = url.encodeToString(h.toString().getBytes(StandardCharsets.UTF_8)) + "."
            + url.encodeToString(c.toString().getBytes(StandardCharsets.UTF_8));
        Signature s;
        if (alg.equals("PS256")) {
            s = Signature.getInstance("RSASSA-PSS");
            s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        } else {
            s = Signature.getInstance("SHA256withRSA");
        }
        s.initSign(CERT.privateKey());
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + url.encodeToString(s.sign());
    }

    private static String thumb(String algorithm, boolean urlSafe) throws Exception {
        byte[] d = MessageDigest.getInstance(algorithm).digest(CERT.certificate().getEncoded());
        return urlSafe ? Base64.getUrlEncoder().withoutPadding().encodeToString(d) : Base64.getEncoder().encodeToString(d);
    }

    private HttpResponse<String> request(String assertion) {
        return new TestClient(SANDBOX.get()).tokenRequest(TestClient.TENANT, form(Map.of(
            "grant_type", "client_credentials", "client_id", APP, "scope", "https://graph.microsoft.com/.default",
            "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion", assertion)), null);
    }

    @Test
    void rs256WithSha1X5tAndPs256WithSha256InBothEncodings() throws Exception {
        String aud = endpoint(TestClient.TENANT);
        assertEquals(200, request(assertion("RS256", "x5t", thumb("SHA-1", true), aud, 600, APP)).statusCode());
        assertEquals(200, request(assertion("PS256", "x5t#S256", thumb("SHA-256", true), aud, 600, APP)).statusCode());
        assertEquals(200, request(assertion("RS256", "x5t#S256", thumb("SHA-256", false), endpoint(
            SandboxConfig.DEMO_DOMAIN), 600, APP)).statusCode());
    }

    @Test
    void wrongAudienceExpiredAndWrongIssuerAreAadsts700027() throws Exception {
        String t = thumb("SHA-256", true);
        assertAad(request(assertion("RS256", "x5t#S256", t,
            "https://login.microsoftonline.com/" + TestClient.TENANT + "/oauth2/v2.0/token", 600, APP)),
            401, "invalid_client", 700027);
        assertAad(request(assertion("RS256", "x5t#S256", t, endpoint(TestClient.TENANT), -3600, APP)),
            401, "invalid_client", 700027);
        assertAad(request(assertion("RS256", "x5t#S256", t, endpoint(TestClient.TENANT), 600, "someone")),
            401, "invalid_client", 700027);
        assertAad(request(assertion("RS256", "x5t#S256", "AAAA", endpoint(TestClient.TENANT), 600, APP)),
            401, "invalid_client", 700027);
        String good = assertion("RS256", "x5t#S256", t, endpoint(TestClient.TENANT), 600, APP);
        assertAad(request(good.substring(0, good.length() - 6) + "AAAAAA"), 401, "invalid_client", 700027);
    }
}
