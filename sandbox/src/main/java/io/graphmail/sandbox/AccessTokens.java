package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues app-only access tokens (RS256 JWTs signed by a key made at start) and checks the ones Graph receives.
 * Revocation works on token IDs, so tokens issued after a revoke are good again, as after a real re-consent.
 */
final class AccessTokens {
    private final KeyPair keys;
    private final String keyId = UUID.randomUUID().toString();
    private final Set<String> issued = ConcurrentHashMap.newKeySet();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();

    AccessTokens() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            this.keys = g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token with the app-only claims of the access token reference (contract §6, [CLAIMS]). */
    String issue(App app, String tenantId, String audience, Instant now) {
        String jti = UUID.randomUUID().toString();
        ObjectNode header = Jwt.JSON.createObjectNode().put("typ", "JWT").put("alg", "RS256").put("kid", keyId);
        ObjectNode claims = Jwt.JSON.createObjectNode()
            .put("aud", audience)
            .put("iss", "https://sts.windows.net/" + tenantId + "/")
            .put("iat", now.getEpochSecond())
            .put("nbf", now.getEpochSecond())
            .put("exp", now.getEpochSecond() + app.tokenLifetimeSeconds())
            .put("tid", tenantId)
            .put("appid", app.clientId())
            .put("azp", app.clientId())
            .put("oid", UUID.nameUUIDFromBytes(("sp:" + app.clientId()).getBytes()).toString())
            .put("sub", UUID.nameUUIDFromBytes(("sp:" + app.clientId()).getBytes()).toString())
            .put("idtyp", "app")
            .put("ver", "1.0")
            .put("jti", jti);
        app.roles().forEach(claims.putArray("roles")::add);
        issued.add(jti);
        return Jwt.signRs256(header, claims, keys.getPrivate());
    }

    /**
     * Signs claims made elsewhere with this sandbox's key, so they validate like issued tokens (the claims are taken
     * as given: the caller sets aud, exp, jti and the rest).
     */
    String sign(ObjectNode claims) {
        ObjectNode header = Jwt.JSON.createObjectNode().put("typ", "JWT").put("alg", "RS256").put("kid", keyId);
        if (claims.hasNonNull("jti")) {
            issued.add(claims.get("jti").asText());
        }
        return Jwt.signRs256(header, claims, keys.getPrivate());
    }

    void revokeAll() {
        revoked.addAll(issued);
    }

    /**
     * @param token the bearer token as received
     * @param audiences accepted audiences
     * @return the claims
     * @throws GraphError 401 InvalidAuthenticationToken with the message Graph gives for the defect
     */
    JsonNode validate(String token, Set<String> audiences, Instant now) {
        Jwt jwt;
        try {
            jwt = Jwt.parse(token);
        } catch (IllegalArgumentException e) {
            throw invalid("IDX14100: JWT is not well formed, there are no dots (.).");
        }
        if (!keyId.equals(jwt.header().path("kid").asText()) || !jwt.verify(keys.getPublic())) {
            throw invalid("Access token validation failure.");
        }
        JsonNode c = jwt.claims();
        long t = now.getEpochSecond();
        // No clock skew allowance: the client and this server share a clock, and a token used after its exp is
        // exactly the bug (stale cache) the sandbox must expose.
        if (c.path("exp").asLong() <= t || c.path("nbf").asLong() > t) {
            throw invalid("Access token has expired or is not yet valid.");
        }
        if (!audiences.contains(c.path("aud").asText())) {
            throw invalid("Access token validation failure. Invalid audience.");
        }
        if (revoked.contains(c.path("jti").asText())) {
            // What a revoked grant or disabled service principal looks like to a client holding a cached token.
            throw invalid("Lifetime validation failed, the token is expired.");
        }
        return c;
    }

    private static GraphError invalid(String message) {
        return new GraphError(401, "InvalidAuthenticationToken", message)
            .header("WWW-Authenticate", "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"");
    }
}
