package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The token response of a delegated grant: an access token with the user's claims and {@code scp}, an id_token and
 * {@code client_info} (MSAL keys its account cache on them), and a refresh token when offline_access was asked.
 */
final class UserTokens {
    private final SandboxState state;

    UserTokens(SandboxState state) {
        this.state = state;
    }

    /** What a grant stands for: an app, a tenant, a signed-in user and what the user consented to. */
    record Grant(String clientId, String tenantId, User user, DelegatedScopes scopes, String nonce, long generation) {
        Grant withScopes(DelegatedScopes narrowed) {
            return new Grant(clientId, tenantId, user, narrowed, null, generation);
        }
    }

    ObjectNode respond(App app, Grant grant) {
        Instant now = state.clock.now();
        int lifetime = app.tokenLifetimeSeconds();
        ObjectNode o = Jwt.JSON.createObjectNode();
        o.put("token_type", "Bearer");
        o.put("scope", grant.scopes().responseScope());
        o.put("expires_in", lifetime);
        o.put("ext_expires_in", lifetime);
        o.put("access_token", accessToken(grant, lifetime, now));
        if (grant.scopes().offlineAccess()) {
            o.put("refresh_token", state.delegation.refreshTokens.issue(grant, now));
        }
        o.put("id_token", idToken(grant, now));
        o.put("client_info", Jwt.b64(("{\"uid\":\"" + grant.user().objectId() + "\",\"utid\":\"" + grant.tenantId()
            + "\"}").getBytes(StandardCharsets.UTF_8)));
        state.countTokenIssued();
        return o;
    }

    private String accessToken(Grant grant, int lifetime, Instant now) {
        User user = grant.user();
        ObjectNode c = Jwt.JSON.createObjectNode()
            .put("aud", grant.scopes().resource())
            .put("iss", "https://sts.windows.net/" + grant.tenantId() + "/")
            .put("iat", now.getEpochSecond())
            .put("nbf", now.getEpochSecond())
            .put("exp", now.getEpochSecond() + lifetime)
            .put("tid", grant.tenantId())
            .put("appid", grant.clientId())
            .put("azp", grant.clientId())
            .put("oid", user.objectId())
            .put("sub", pairwise(grant))
            .put("upn", user.upn())
            .put("unique_name", user.upn())
            .put("preferred_username", user.upn())
            .put("name", user.displayName())
            .put("scp", grant.scopes().scp())
            .put("idtyp", "user")
            .put("ver", "1.0")
            .put("jti", UUID.randomUUID().toString());
        c.putArray("amr").add("pwd");
        return state.tokens.sign(c);
    }

    private String idToken(Grant grant, Instant now) {
        ObjectNode c = Jwt.JSON.createObjectNode()
            .put("aud", grant.clientId())
            .put("iss", state.baseUrl() + "/" + grant.tenantId() + "/v2.0")
            .put("iat", now.getEpochSecond())
            .put("nbf", now.getEpochSecond())
            .put("exp", now.getEpochSecond() + 3600)
            .put("name", grant.user().displayName())
            .put("oid", grant.user().objectId())
            .put("preferred_username", grant.user().upn())
            .put("sub", pairwise(grant))
            .put("tid", grant.tenantId())
            .put("ver", "2.0");
        if (grant.nonce() != null) {
            c.put("nonce", grant.nonce());
        }
        return state.tokens.sign(c);
    }

    /** {@code sub} is per app and user, as the identity platform makes it. */
    private static String pairwise(Grant grant) {
        return UUID.nameUUIDFromBytes((grant.clientId() + ":" + grant.user().upn()).getBytes(StandardCharsets.UTF_8))
            .toString();
    }
}
