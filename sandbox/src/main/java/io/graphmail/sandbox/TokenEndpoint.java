package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The identity platform's v2.0 token endpoint for the client credentials grant (contract §6), plus the
 * discovery documents a client library may fetch. Everything here is at the server root, like
 * login.microsoftonline.com.
 */
final class TokenEndpoint implements HttpHandler {
    static final String GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
    static final String GRAPH_RESOURCE = "https://graph.microsoft.com";
    /** Accepted as a scope so a client can get a token Graph must reject for its audience (SMTP's resource, §7). */
    static final String OUTLOOK_RESOURCE = "https://outlook.office365.com";
    private static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "offline_access");

    private final SandboxState state;
    private final DelegatedGrants delegatedGrants;
    private final DelegatedEndpoints delegatedEndpoints;

    TokenEndpoint(SandboxState state) {
        this.state = state;
        this.delegatedGrants = new DelegatedGrants(state, this);
        this.delegatedEndpoints = new DelegatedEndpoints(state);
    }

    /** The audiences Graph accepts in an access token. */
    Set<String> graphAudiences() {
        return Set.of(state.baseUrl(), GRAPH_RESOURCE, GRAPH_APP_ID);
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            try {
                serve(ex);
            } finally {
                state.requests.record("identity", ex);
            }
        }
    }

    private void serve(HttpExchange ex) throws IOException {
        stamp(ex);
        String path = ex.getRequestURI().getPath();
        String[] seg = path.substring(1).split("/");
        String method = ex.getRequestMethod();
        if (path.equals("/")) {
            // a developer who opens the bare address is looking for the captured mail
            Http.body(ex);
            ex.getResponseHeaders().set("Location", "/sandbox/");
            Http.empty(ex, 302);
            return;
        }
        if (delegatedEndpoints.serve(ex, path, seg)) {
            return;
        }
        if (seg.length == 4 && seg[1].equals("oauth2") && seg[2].equals("v2.0") && seg[3].equals("token")) {
            if (!"POST".equals(method)) {
                Http.body(ex);
                Http.send(ex, 405, "text/plain", "token endpoint takes POST".getBytes(StandardCharsets.UTF_8));
                return;
            }
            token(ex, seg[0]);
        } else if (seg.length == 4 && path.endsWith("/v2.0/.well-known/openid-configuration")) {
            Http.json(ex, 200, openIdConfiguration(seg[0]));
        } else if (path.endsWith("/discovery/instance") || path.endsWith("/discovery/v2.0/instance")) {
            Http.json(ex, 200, instanceDiscovery());
        } else {
            Http.body(ex);
            Http.send(ex, 404, "text/plain", ("no such endpoint: " + path).getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The identity platform echoes the client's {@code client-request-id} (MSAL and azure-identity send one, and
     * their logs and errors quote it) and names its own trace in {@code x-ms-request-id}.
     */
    private static void stamp(HttpExchange ex) {
        String clientRequestId = ex.getRequestHeaders().getFirst("client-request-id");
        if (clientRequestId != null) {
            ex.getResponseHeaders().set("client-request-id", clientRequestId);
        }
        ex.getResponseHeaders().set("x-ms-request-id", java.util.UUID.randomUUID().toString());
    }

    private void token(HttpExchange ex, String tenantSegment) throws IOException {
        String body = new String(Http.body(ex), StandardCharsets.UTF_8);
        Map<String, String> form = Http.form(body);
        String[] basic = basic(ex.getRequestHeaders().getFirst("Authorization"));
        String clientId = form.containsKey("client_id") ? form.get("client_id") : basic == null ? null : basic[0];
        state.countTokenRequest(clientId);
        Fault fault = state.faults.pollToken();
        if (fault != null && fault.kind() == Fault.Kind.RESET_BEFORE_ACCEPT) {
            Http.drop(ex);
            return;
        }
        if (fault != null && fault.kind() == Fault.Kind.LATENCY) {
            fault.pause();
        }
        try {
            if (fault != null && fault.kind() == Fault.Kind.UNAVAILABLE) {
                throw new AadError(503, "temporarily_unavailable", 90033, "A transient error has occurred. Please"
                    + " try again.");
            }
            ObjectNode answer = issue(tenantSegment, form, clientId, basic == null ? null : basic[1]);
            ex.getResponseHeaders().set("Cache-Control", "no-store, no-cache");
            Http.json(ex, 200, answer);
        } catch (AadError e) {
            Http.json(ex, e.status(), e.body(ex.getRequestHeaders().getFirst("client-request-id"),
                ex.getResponseHeaders().getFirst("x-ms-request-id")));
        }
    }

    private ObjectNode issue(String tenantSegment, Map<String, String> form, String clientId, String basicSecret) {
        SandboxConfig config = state.config();
        if (DelegatedGrants.GRANTS.contains(form.get("grant_type"))) {
            return delegatedGrants.issue(tenantSegment, form, clientId, basicSecret);
        }
        String lowered = tenantSegment.toLowerCase(Locale.ROOT);
        if (Set.of("common", "organizations", "consumers").contains(lowered)) {
            throw new AadError(400, "invalid_request", 9001023, "The grant type isn't supported over the /common or "
                + "/consumers endpoints. Please use the /organizations or tenant-specific endpoint.");
        }
        String tenantId = config.resolveTenant(tenantSegment).orElseThrow(() -> new AadError(400, "invalid_tenant",
            90002, "Tenant '" + tenantSegment + "' not found. Check to make sure you have the correct tenant ID and "
            + "are signing into the correct cloud. Check with your subscription administrator, this may happen if "
            + "there are no active subscriptions for the tenant."));
        String grant = form.get("grant_type");
        if (grant == null) {
            throw new AadError(400, "invalid_request", 900144,
                "The request body must contain the following parameter: 'grant_type'.");
        }
        if (!"client_credentials".equals(grant)) {
            throw new AadError(400, "unsupported_grant_type", 70003,
                "The app requested an unsupported grant type '" + grant + "'.");
        }
        if (clientId == null || clientId.isEmpty()) {
            throw new AadError(400, "invalid_request", 900144,
                "The request body must contain the following parameter: 'client_id'.");
        }
        App app = config.apps().get(clientId);
        if (app == null || !config.tenantOf(app).equals(tenantId)) {
            throw new AadError(400, "unauthorized_client", 700016, "Application with identifier '" + clientId
                + "' was not found in the directory '" + tenantSegment + "'. This can happen if the application has "
                + "not been installed by the administrator of the tenant or consented to by any user in the tenant. "
                + "You may have sent your authentication request to the wrong tenant.");
        }
        String audience = audience(form.get("scope"));
        authenticate(app, tenantId, form, basicSecret);
        Instant now = state.clock.now();
        String token = state.tokens.issue(app, tenantId, audience, now);
        state.countTokenIssued();
        ObjectNode o = Jwt.JSON.createObjectNode();
        o.put("token_type", "Bearer");
        o.put("expires_in", app.tokenLifetimeSeconds());
        o.put("ext_expires_in", app.tokenLifetimeSeconds());
        o.put("access_token", token);
        return o;
    }

    /** Client credentials need exactly one {resource}/.default scope (the OIDC scopes MSAL may add are ignored). */
    private String audience(String scope) {
        if (scope == null || scope.isBlank()) {
            throw new AadError(400, "invalid_request", 900144,
                "The request body must contain the following parameter: 'scope'.");
        }
        List<String> scopes = new ArrayList<>();
        for (String s : scope.trim().split("\\s+")) {
            if (!OIDC_SCOPES.contains(s)) {
                scopes.add(s);
            }
        }
        if (scopes.size() == 1 && scopes.get(0).endsWith("/.default")) {
            String resource = scopes.get(0).substring(0, scopes.get(0).length() - "/.default".length());
            for (String known : List.of(state.baseUrl(), GRAPH_RESOURCE, GRAPH_APP_ID, OUTLOOK_RESOURCE)) {
                if (known.equalsIgnoreCase(resource) || (known + "/").equalsIgnoreCase(resource)) {
                    return known;
                }
            }
        }
        throw new AadError(400, "invalid_scope", 70011, "The provided request must include a 'scope' input "
            + "parameter. The provided value for the input parameter 'scope' is not valid. The scope " + scope
            + " is not valid. The scope must be in the format '<resource>/.default', e.g. "
            + "'https://graph.microsoft.com/.default'.");
    }

    void authenticate(App app, String tenantId, Map<String, String> form, String basicSecret) {
        String secret = form.containsKey("client_secret") ? form.get("client_secret") : basicSecret;
        String assertion = form.get("client_assertion");
        if (assertion != null) {
            String type = form.get("client_assertion_type");
            if (!"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(type)) {
                throw new AadError(400, "invalid_request", 50027,
                    "The client_assertion_type '" + type + "' is not supported. Use "
                    + "'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'.");
            }
            ClientAssertions.verify(assertion, app, aud -> isTokenEndpoint(aud, tenantId), Instant.now());
            return;
        }
        if (secret == null) {
            throw new AadError(401, "invalid_client", 7000218,
                "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
        }
        if (app.secrets().contains(secret)) {
            return;
        }
        if (app.expiredSecrets().contains(secret)) {
            throw new AadError(401, "invalid_client", 7000222, "The provided client secret keys for app '"
                + app.clientId() + "' are expired. Visit the Azure portal to create new keys for your app: "
                + "https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: "
                + "https://aka.ms/certCreds.");
        }
        String description = "Invalid client secret provided. Ensure the secret being sent in the request is the "
            + "client secret value, not the client secret ID, for a secret added to app '" + app.clientId() + "'.";
        if (app.secretIds().contains(secret)) {
            // The most common misconfiguration: the portal shows "Secret ID" next to "Value".
            description += " The value sent is the secret ID of one of the app's secrets, not the secret's value.";
        }
        throw new AadError(401, "invalid_client", 7000215, description);
    }

    /** The assertion's aud must be this server's token endpoint, in any tenant form resolving to the app's tenant. */
    private boolean isTokenEndpoint(String aud, String tenantId) {
        String prefix = state.baseUrl() + "/";
        String suffix = "/oauth2/v2.0/token";
        if (!aud.startsWith(prefix) || !aud.endsWith(suffix) || aud.length() <= prefix.length() + suffix.length()) {
            return false;
        }
        String tenant = aud.substring(prefix.length(), aud.length() - suffix.length());
        return state.config().resolveTenant(tenant).map(tenantId::equals).orElse(false);
    }

    private static String[] basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return null;
            }
            // RFC 6749 §2.3.1: both parts are form-urlencoded before being joined.
            return new String[] {Http.decode(decoded.substring(0, colon)), Http.decode(decoded.substring(colon + 1))};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private ObjectNode openIdConfiguration(String tenantSegment) {
        String tenant = state.config().resolveTenant(tenantSegment).orElse(tenantSegment);
        String base = state.baseUrl() + "/" + tenant;
        ObjectNode o = Jwt.JSON.createObjectNode();
        o.put("token_endpoint", base + "/oauth2/v2.0/token");
        o.put("authorization_endpoint", base + "/oauth2/v2.0/authorize");
        o.put("device_authorization_endpoint", base + "/oauth2/v2.0/devicecode");
        o.put("issuer", state.baseUrl() + "/" + tenant + "/v2.0");
        o.put("jwks_uri", base + "/discovery/v2.0/keys");
        o.put("tenant_region_scope", "EU");
        o.putArray("token_endpoint_auth_methods_supported")
            .add("client_secret_post").add("private_key_jwt").add("client_secret_basic");
        o.putArray("response_types_supported").add("code").add("id_token").add("code id_token").add("id_token token");
        o.putArray("grant_types_supported").add("client_credentials").add("authorization_code").add("refresh_token")
            .add(DelegatedGrants.DEVICE_CODE);
        return o;
    }

    /** The answer MSAL expects from instance discovery when it is not told to skip it. */
    private ObjectNode instanceDiscovery() {
        String host = state.baseUrl().substring("https://".length());
        ObjectNode o = Jwt.JSON.createObjectNode();
        o.put("tenant_discovery_endpoint", state.baseUrl() + "/" + state.config().tenantId()
            + "/v2.0/.well-known/openid-configuration");
        o.put("api-version", "1.1");
        ObjectNode m = o.putArray("metadata").addObject();
        m.put("preferred_network", "127.0.0.1");
        m.put("preferred_cache", host);
        m.putArray("aliases").add("127.0.0.1").add(host);
        return o;
    }
}
