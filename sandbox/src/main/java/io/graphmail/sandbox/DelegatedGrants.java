package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The token endpoint's delegated grants (contract §6): device code, authorization code with PKCE, and refresh token
 * with rotation. Public clients redeem without a credential only when the app allows public client flows; confidential
 * clients authenticate exactly as for the client credentials grant.
 */
final class DelegatedGrants {
    /** The RFC 8628 grant type; MSAL4J sends the short {@code device_code}, which the endpoint takes as well. */
    static final String DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code";
    static final Set<String> GRANTS = Set.of("authorization_code", "refresh_token", DEVICE_CODE, "device_code");

    private final SandboxState state;
    private final TokenEndpoint identity;
    private final UserTokens userTokens;

    DelegatedGrants(SandboxState state, TokenEndpoint identity) {
        this.state = state;
        this.identity = identity;
        this.userTokens = new UserTokens(state);
    }

    ObjectNode issue(String tenantSegment, Map<String, String> form, String clientId, String basicSecret) {
        App app = app(state.config(), clientId, tenantSegment);
        String tenantId = tenant(state.config(), tenantSegment, app);
        boolean credential = basicSecret != null || form.containsKey("client_secret")
            || form.containsKey("client_assertion");
        if (credential) {
            identity.authenticate(app, tenantId, form, basicSecret);
        } else if (!app.delegated().publicClient()) {
            throw new AadError(401, "invalid_client", 7000218, "The request body must contain the following "
                + "parameter: 'client_assertion' or 'client_secret'.");
        }
        Instant now = state.clock.now();
        Delegation d = state.delegation;
        UserTokens.Grant grant = switch (form.get("grant_type")) {
            case "authorization_code" -> d.authorizations.redeem(required(form, "code"), clientId,
                required(form, "redirect_uri"), form.get("code_verifier"), now);
            case "refresh_token" -> {
                UserTokens.Grant g = d.refreshTokens.redeem(required(form, "refresh_token"), clientId, now);
                yield g.withScopes(g.scopes().narrow(form.get("scope"), app, state.baseUrl()));
            }
            default -> {
                DeviceCodes.Flow f = d.deviceCodes.poll(required(form, "device_code"), clientId, now);
                yield new UserTokens.Grant(clientId, f.tenantId, f.user(), f.scopes, null,
                    d.refreshTokens.generation(f.user().upn()));
            }
        };
        if (!grant.tenantId().equals(tenantId)) {
            throw new AadError(400, "invalid_grant", 70000, "Provided grant is invalid or malformed: it was issued "
                + "in another tenant.");
        }
        return userTokens.respond(app, grant);
    }

    private static String required(Map<String, String> form, String name) {
        String v = form.get(name);
        if (v == null || v.isEmpty()) {
            throw new AadError(400, "invalid_request", 900144,
                "The request body must contain the following parameter: '" + name + "'.");
        }
        return v;
    }

    /** @throws AadError 900144 without client_id, 700016 for an app the sandbox does not know */
    static App app(SandboxConfig config, String clientId, String tenantSegment) {
        if (clientId == null || clientId.isEmpty()) {
            throw new AadError(400, "invalid_request", 900144,
                "The request body must contain the following parameter: 'client_id'.");
        }
        App app = config.apps().get(clientId);
        if (app == null) {
            throw new AadError(400, "unauthorized_client", 700016, "Application with identifier '" + clientId
                + "' was not found in the directory '" + tenantSegment + "'. This can happen if the application has "
                + "not been installed by the administrator of the tenant or consented to by any user in the tenant. "
                + "You may have sent your authentication request to the wrong tenant.");
        }
        return app;
    }

    /**
     * User flows may use /organizations and /common, which mean the app's own tenant here (the sandbox's users are
     * all members of it).
     *
     * @throws AadError 90002 for an unknown tenant, 700016 when the app lives in another tenant
     */
    static String tenant(SandboxConfig config, String tenantSegment, App app) {
        String lowered = tenantSegment.toLowerCase(Locale.ROOT);
        if (lowered.equals("common") || lowered.equals("organizations")) {
            return config.tenantOf(app);
        }
        String tenantId = config.resolveTenant(tenantSegment).orElseThrow(() -> new AadError(400, "invalid_tenant",
            90002, "Tenant '" + tenantSegment + "' not found. Check to make sure you have the correct tenant ID and "
            + "are signing into the correct cloud."));
        if (!config.tenantOf(app).equals(tenantId)) {
            throw new AadError(400, "unauthorized_client", 700016, "Application with identifier '"
                + app.clientId() + "' was not found in the directory '" + tenantSegment + "'.");
        }
        return tenantId;
    }
}
