package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;

/**
 * Checks a certificate credential's client assertion (contract §6 [CERT]): signed RS256 or PS256 by a key whose
 * certificate is registered on the app, found by {@code x5t} (SHA-1) or {@code x5t#S256} (SHA-256); aud = the
 * token endpoint; iss = sub = client_id; within its validity with five minutes of skew. Any failure is
 * AADSTS700027 as the identity platform reports it.
 */
final class ClientAssertions {
    private static final long SKEW_SECONDS = 300;

    private ClientAssertions() {
    }

    /**
     * @param tokenEndpointMatches tells whether an aud URL is this server's token endpoint for the app's tenant
     * @return the client ID the assertion is for
     */
    static void verify(String assertion, App app, java.util.function.Predicate<String> tokenEndpointMatches,
                       Instant now) {
        Jwt jwt;
        try {
            jwt = Jwt.parse(assertion);
        } catch (IllegalArgumentException e) {
            throw fail("Client assertion failed signature validation. [Reason - The client assertion is not a well-formed JWT.]");
        }
        X509Certificate cert = find(jwt.header(), app);
        if (!jwt.verify(cert.getPublicKey())) {
            throw fail("Client assertion failed signature validation. [Reason - The provided signature value did not match the expected signature value., Thumbprint of key used by client: '"
                + thumbprintHex(cert) + "', Found key 'Start=..., End=...']");
        }
        JsonNode c = jwt.claims();
        if (!app.clientId().equals(c.path("iss").asText()) || !app.clientId().equals(c.path("sub").asText())) {
            throw fail("Client assertion contains an invalid issuer or subject: iss and sub must both be the client ID '"
                + app.clientId() + "'.");
        }
        if (!tokenEndpointMatches.test(c.path("aud").asText())) {
            throw fail("Client assertion audience claim does not match Realm issuer. Expected the token endpoint URL, got '"
                + c.path("aud").asText() + "'.");
        }
        long t = now.getEpochSecond();
        if (!c.has("exp") || c.path("exp").asLong() + SKEW_SECONDS <= t) {
            throw fail("Client assertion is not within its valid time range. Current time: " + now
                + ", assertion valid to: " + Instant.ofEpochSecond(c.path("exp").asLong()) + ".");
        }
        if (c.has("nbf") && c.path("nbf").asLong() - SKEW_SECONDS > t) {
            throw fail("Client assertion is not within its valid time range. Current time: " + now
                + ", assertion valid from: " + Instant.ofEpochSecond(c.path("nbf").asLong()) + ".");
        }
    }

    private static X509Certificate find(JsonNode header, App app) {
        String s256 = header.path("x5t#S256").asText(null);
        String s1 = header.path("x5t").asText(null);
        if (s256 == null && s1 == null) {
            throw fail("Client assertion failed signature validation. [Reason - The header has neither x5t nor x5t#S256.]");
        }
        for (X509Certificate cert : app.certificates()) {
            if ((s256 != null && sameThumbprint(s256, digest(cert, "SHA-256")))
                || (s1 != null && sameThumbprint(s1, digest(cert, "SHA-1")))) {
                return cert;
            }
        }
        throw fail("Client assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: '"
            + (s256 != null ? s256 : s1) + "', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '"
            + app.clientId() + "'.]");
    }

    /**
     * RFC 7515 says base64url without padding, but MSAL4J 1.26 sends standard base64 with padding: both forms are
     * compared after normalising the alphabet and dropping padding.
     */
    static boolean sameThumbprint(String sent, byte[] thumbprint) {
        String normalised = sent.replace('-', '+').replace('_', '/').replace("=", "");
        String expected = Base64.getEncoder().withoutPadding().encodeToString(thumbprint);
        return normalised.equals(expected);
    }

    static byte[] digest(X509Certificate cert, String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm).digest(cert.getEncoded());
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String thumbprintHex(X509Certificate cert) {
        return java.util.HexFormat.of().withUpperCase().formatHex(digest(cert, "SHA-1"));
    }

    private static AadError fail(String description) {
        return new AadError(401, "invalid_client", 700027, description);
    }
}
