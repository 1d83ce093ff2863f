package io.graphmail.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;

/**
 * What a delegated sign-in leaves behind: who signed in, for which app and authority, and the newest refresh token
 * (a secret: {@link #toString()} leaves it out). Stored by {@link TokenCacheFile}.
 *
 * @param generation how many times the refresh token was replaced since the sign-in; the newest file wins
 */
public record CachedSignIn(String clientId, String tenant, String authority, String username, String homeAccountId,
                           String scopes, String refreshToken, Instant signedInAt, Instant refreshedAt,
                           long generation) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The same sign-in with a refresh token just received (or the old one when the service sent none). */
    public CachedSignIn refreshed(String newRefreshToken, Instant now) {
        return new CachedSignIn(clientId, tenant, authority, username, homeAccountId, scopes,
                newRefreshToken != null ? newRefreshToken : refreshToken, signedInAt, now, generation + 1);
    }

    byte[] toJson() throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("clientId", clientId);
        o.put("tenant", tenant);
        o.put("authority", authority);
        o.put("username", username);
        o.put("homeAccountId", homeAccountId);
        o.put("scopes", scopes);
        o.put("refreshToken", refreshToken);
        o.put("signedInAt", signedInAt.toString());
        o.put("refreshedAt", refreshedAt.toString());
        o.put("generation", generation);
        return JSON.writeValueAsBytes(o);
    }

    static CachedSignIn fromJson(byte[] bytes) throws IOException {
        JsonNode o = JSON.readTree(bytes);
        return new CachedSignIn(o.path("clientId").asText(null), o.path("tenant").asText(null),
                o.path("authority").asText(null), o.path("username").asText(null),
                o.path("homeAccountId").asText(null), o.path("scopes").asText(null),
                o.path("refreshToken").asText(null), Instant.parse(o.path("signedInAt").asText()),
                Instant.parse(o.path("refreshedAt").asText()), o.path("generation").asLong());
    }

    @Override
    public String toString() {
        return "CachedSignIn[" + username + " for client " + clientId + " at " + authority + "/" + tenant
                + ", scopes " + scopes + ", signed in " + signedInAt + ", refresh token from " + refreshedAt
                + ", generation " + generation + "]";
    }
}
