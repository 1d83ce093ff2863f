package io.graphmail.sandbox;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code /{tenant}/oauth2/v2.0/authorize} (contract §6, [CODE]): GET checks the request and shows the consent page;
 * the page's POST answers the redirect URI with a code (or {@code access_denied}) in the response mode asked for
 * ({@code query} by default, {@code form_post} as MSAL asks, or {@code fragment}). An unknown app, tenant or
 * redirect URI gets an error page and no redirect, as a redirect there could hand a code to anyone.
 */
final class AuthorizePage {
    private static final Set<String> RESPONSE_MODES = Set.of("query", "form_post", "fragment");
    private final SandboxState state;

    AuthorizePage(SandboxState state) {
        this.state = state;
    }

    void serve(HttpExchange ex, String tenantSegment) throws IOException {
        String body = new String(Http.body(ex), StandardCharsets.UTF_8);
        if ("POST".equals(ex.getRequestMethod())) {
            answer(ex, Http.form(body));
            return;
        }
        Map<String, String> q = Http.form(ex.getRequestURI().getRawQuery());
        SandboxConfig config = state.config();
        App app;
        String tenantId;
        try {
            app = DelegatedGrants.app(config, q.get("client_id"), tenantSegment);
            tenantId = DelegatedGrants.tenant(config, tenantSegment, app);
        } catch (AadError e) {
            errorPage(ex, e);
            return;
        }
        String redirect = q.get("redirect_uri");
        if (!app.delegated().allowsRedirect(redirect)) {
            errorPage(ex, new AadError(400, "invalid_request", 50011, "The redirect URI '" + redirect + "' specified"
                + " in the request does not match the redirect URIs configured for the application '"
                + app.clientId() + "'. Make sure the redirect URI sent in the request matches one added to your "
                + "application in the Azure portal."));
            return;
        }
        String mode = q.getOrDefault("response_mode", "query");
        if (!RESPONSE_MODES.contains(mode)) {
            mode = "query";
        }
        String clientState = q.get("state");
        try {
            if (!"code".equals(q.get("response_type"))) {
                throw new AadError(400, "unsupported_response_type", 700054, "response_type '"
                    + q.get("response_type") + "' is not enabled for the application: use 'code'.");
            }
            DelegatedScopes scopes = DelegatedScopes.parse(q.get("scope"), app, state.baseUrl());
            String challenge = q.get("code_challenge");
            String method = q.getOrDefault("code_challenge_method", challenge == null ? null : "plain");
            if (challenge != null && !"S256".equals(method) && !"plain".equals(method)) {
                throw new AadError(400, "invalid_request", 501491, "Invalid code_challenge_method '" + method
                    + "': use S256 or plain.");
            }
            if ("none".equals(q.get("prompt"))) {
                throw new AadError(400, "login_required", 50058, "A silent sign-in request was sent but no user is "
                    + "signed in.");
            }
            Authorizations.Request request = new Authorizations.Request(app, tenantId, redirect, scopes, clientState,
                challenge, method, q.get("nonce"), mode, q.get("login_hint"), state.clock.now());
            String id = state.delegation.authorizations.await(request);
            ConsentPage.send(ex, 200, ConsentPage.form(ex.getRequestURI().getPath(), Map.of("request", id), app,
                scopes, config.users().values(), q.get("login_hint")));
        } catch (AadError e) {
            redirect(ex, redirect, mode, error(e.error(), e.redirectDescription(), clientState));
        }
    }

    private void answer(HttpExchange ex, Map<String, String> form) throws IOException {
        Authorizations.Request r = state.delegation.authorizations.answered(form.get("request"), state.clock.now());
        if (r == null) {
            ConsentPage.send(ex, 400, ConsentPage.page("Sign-in failed", "<p class=\"error\" id=\"error\">This "
                + "sign-in request is unknown, has expired or was already answered. Start again from the "
                + "application.</p>"));
            return;
        }
        if (!"accept".equals(form.get("action"))) {
            redirect(ex, r.redirectUri(), r.responseMode(), error("access_denied",
                "AADSTS65004: User declined to consent to access the app.", r.state()));
            return;
        }
        User user = state.config().user(form.getOrDefault("user", "")).orElse(null);
        if (user == null) {
            ConsentPage.send(ex, 400, ConsentPage.page("Sign-in failed", "<p class=\"error\" id=\"error\">No such "
                + "user: " + ConsentPage.esc(form.get("user")) + "</p>"));
            return;
        }
        String code = state.delegation.authorizations.issue(r, user,
            state.delegation.refreshTokens.generation(user.upn()), state.clock.now());
        Map<String, String> params = new LinkedHashMap<>();
        params.put("code", code);
        if (r.state() != null) {
            params.put("state", r.state());
        }
        redirect(ex, r.redirectUri(), r.responseMode(), params);
    }

    private static Map<String, String> error(String error, String description, String clientState) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("error", error);
        p.put("error_description", description);
        if (clientState != null) {
            p.put("state", clientState);
        }
        return p;
    }

    private static void redirect(HttpExchange ex, String uri, String mode, Map<String, String> params)
        throws IOException {
        if (mode.equals("form_post")) {
            StringBuilder b = new StringBuilder("<form method=\"post\" name=\"hiddenform\" action=\"")
                .append(ConsentPage.esc(uri)).append("\">\n");
            params.forEach((k, v) -> b.append("<input type=\"hidden\" name=\"").append(ConsentPage.esc(k))
                .append("\" value=\"").append(ConsentPage.esc(v)).append("\">\n"));
            b.append("<noscript><p>Script is disabled. Click Submit to continue.</p>"
                + "<input type=\"submit\" value=\"Submit\"></noscript>\n</form>\n"
                + "<script>window.onload = function () { document.forms[0].submit(); };</script>\n");
            ConsentPage.send(ex, 200, ConsentPage.page("Working...", b.toString()));
            return;
        }
        StringBuilder query = new StringBuilder();
        params.forEach((k, v) -> query.append(query.length() == 0 ? "" : "&").append(k).append('=')
            .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        char sep = mode.equals("fragment") ? '#' : uri.contains("?") ? '&' : '?';
        ex.getResponseHeaders().set("Location", uri + sep + query);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        Http.empty(ex, 302);
    }

    private static void errorPage(HttpExchange ex, AadError e) throws IOException {
        ConsentPage.send(ex, e.status(), ConsentPage.page("Sign-in error", "<h1>Sorry, but we're having trouble "
            + "signing you in.</h1>\n<p class=\"error\" id=\"error\">" + ConsentPage.esc(e.redirectDescription())
            + "</p>\n"));
    }
}
