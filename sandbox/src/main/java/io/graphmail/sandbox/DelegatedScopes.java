package io.graphmail.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The scopes of a delegated request, understood: one resource (Graph or Exchange Online), the delegated permissions
 * asked of it, and the OpenID Connect scopes. Short names ({@code Mail.Send}) mean Graph, as for the identity
 * platform. Asking for an application-only permission ({@code SMTP.SendAsApp}) or for the {@code .default} of a
 * resource the app has no delegated permission on is {@code invalid_scope} (contract §6, §7).
 *
 * @param resource the audience of the access token, as the client named the resource
 * @param permissions the delegated permissions (short names), the {@code scp} of the token
 * @param oidc the OpenID Connect scopes asked for (openid, profile, email, offline_access)
 * @param asked the resource scopes as the client wrote them (echoed in the token response's {@code scope})
 */
record DelegatedScopes(String resource, Set<String> permissions, Set<String> oidc, List<String> asked) {
    static final String GRAPH = TokenEndpoint.GRAPH_RESOURCE;
    static final String OUTLOOK = "https://outlook.office.com";
    private static final Set<String> OIDC = Set.of("openid", "profile", "email", "offline_access");
    private static final Set<String> GRAPH_DELEGATED = Set.of("Mail.Send", "Mail.Send.Shared", "Mail.ReadWrite",
        "Mail.ReadWrite.Shared", "Mail.Read", "Mail.Read.Shared", "Mail.ReadBasic", "User.Read");
    private static final Set<String> OUTLOOK_DELEGATED = Set.of("SMTP.Send", "IMAP.AccessAsUser.All",
        "POP.AccessAsUser.All");

    /**
     * @param scope the space-separated scope parameter
     * @param app the app asking
     * @param sandboxUrl this sandbox's base URL, which names Graph as well
     * @throws AadError invalid_scope, invalid_resource, or 65001 for a permission the app may not ask
     */
    static DelegatedScopes parse(String scope, App app, String sandboxUrl) {
        if (scope == null || scope.isBlank()) {
            throw new AadError(400, "invalid_request", 900144,
                "The request body must contain the following parameter: 'scope'.");
        }
        Set<String> oidc = new LinkedHashSet<>();
        Set<String> permissions = new LinkedHashSet<>();
        List<String> asked = new ArrayList<>();
        String resource = null;
        for (String s : scope.trim().split("\\s+")) {
            if (OIDC.contains(s.toLowerCase(Locale.ROOT))) {
                oidc.add(s.toLowerCase(Locale.ROOT));
                continue;
            }
            int slash = s.lastIndexOf('/');
            String res = slash < 0 ? GRAPH : resource(s.substring(0, slash), sandboxUrl, app);
            String name = slash < 0 ? s : s.substring(slash + 1);
            if (resource != null && !resource.equals(res)) {
                throw new AadError(400, "invalid_scope", 28000, "Provided value for the input parameter scope is "
                    + "not valid because it contains more than one resource. Scope " + scope + " is not valid.");
            }
            resource = res;
            asked.add(s);
            Set<String> known = known(res);
            if (name.equals(".default")) {
                List<String> all = app.delegated().permissions().stream().filter(known::contains).sorted().toList();
                if (all.isEmpty()) {
                    throw invalidScope(scope, "The app has no delegated permission on " + res + ": its "
                        + "permissions there are application permissions, for the client credentials grant.");
                }
                permissions.addAll(all);
                continue;
            }
            String canonical = known.stream().filter(k -> k.equalsIgnoreCase(name)).findFirst().orElse(null);
            if (canonical == null) {
                throw invalidScope(scope, "'" + name + "' is not a delegated permission of " + res
                    + (name.toLowerCase(Locale.ROOT).endsWith("asapp")
                        ? " (it is an application permission: use the client credentials grant and .default)" : "")
                    + ".");
            }
            if (!app.delegated().permissions().contains(canonical)) {
                throw new AadError(400, "invalid_grant", 65001, "The user or administrator has not consented to "
                    + "use the application with ID '" + app.clientId() + "' for the permission '" + canonical
                    + "'. Send an interactive authorization request for this user and resource.");
            }
            permissions.add(canonical);
        }
        return new DelegatedScopes(resource == null ? GRAPH : resource, permissions, oidc, asked);
    }

    private static AadError invalidScope(String scope, String why) {
        return new AadError(400, "invalid_scope", 70011, "The provided value for the input parameter 'scope' is not "
            + "valid. The scope '" + scope + "' is not valid. " + why);
    }

    /** The resource's canonical name: Graph under any of its names, or Exchange Online. */
    private static String resource(String named, String sandboxUrl, App app) {
        String r = named.endsWith("/") ? named.substring(0, named.length() - 1) : named;
        for (String known : List.of(GRAPH, TokenEndpoint.GRAPH_APP_ID, sandboxUrl, OUTLOOK,
            TokenEndpoint.OUTLOOK_RESOURCE)) {
            if (known.equalsIgnoreCase(r)) {
                return known;
            }
        }
        throw new AadError(400, "invalid_resource", 500011, "The resource principal named " + named + " was not "
            + "found in the tenant. This can happen if the application has not been installed by the administrator "
            + "of the tenant or consented to by any user in the tenant. You might have sent your authentication "
            + "request to the wrong tenant.");
    }

    private static Set<String> known(String resource) {
        return resource.equals(OUTLOOK) || resource.equals(TokenEndpoint.OUTLOOK_RESOURCE) ? OUTLOOK_DELEGATED
            : GRAPH_DELEGATED;
    }

    boolean offlineAccess() {
        return oidc.contains("offline_access");
    }

    /** @return the token's {@code scp}: the delegated permissions, space-separated */
    String scp() {
        return String.join(" ", permissions);
    }

    /** @return the token response's {@code scope}: the resource scopes as asked (.default expanded), then OIDC */
    String responseScope() {
        List<String> out = new ArrayList<>();
        for (String a : asked) {
            if (a.endsWith("/.default")) {
                permissions.forEach(p -> out.add(resource + "/" + p));
            } else if (!out.contains(a)) {
                out.add(a);
            }
        }
        out.addAll(oidc);
        return String.join(" ", out);
    }

    /** The same grant asked again, narrowed to {@code scope} (a refresh), which must be within what was granted. */
    DelegatedScopes narrow(String scope, App app, String sandboxUrl) {
        if (scope == null || scope.isBlank()) {
            return this;
        }
        DelegatedScopes wanted = parse(scope, app, sandboxUrl);
        // Graph under another of its names is the same resource; Exchange Online is another one
        boolean sameResource = known(wanted.resource) == known(resource);
        for (String p : wanted.permissions) {
            if (!sameResource || !permissions.contains(p)) {
                throw new AadError(400, "invalid_grant", 65001, "The user or administrator has not consented to use "
                    + "the application with ID '" + app.clientId() + "' for the permission '" + p + "' of "
                    + wanted.resource + ". Send an interactive authorization request for this user and resource.");
            }
        }
        // offline_access, once granted, stays granted: every refresh answers with a new refresh token
        Set<String> oidcNow = new LinkedHashSet<>(wanted.oidc);
        if (offlineAccess()) {
            oidcNow.add("offline_access");
        }
        if (wanted.asked.isEmpty()) {
            return new DelegatedScopes(resource, permissions, oidcNow, asked);
        }
        return new DelegatedScopes(wanted.resource, wanted.permissions, oidcNow, wanted.asked);
    }
}
