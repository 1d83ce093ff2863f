package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * The device code flow's two ends for people: {@code POST /{tenant}/oauth2/v2.0/devicecode}, where an app starts a
 * flow, and {@code /devicelogin}, the verification page where a user types the code, picks who signs in and
 * consents.
 */
final class DeviceLoginPage {
    static final String PATH = "/devicelogin";
    private final SandboxState state;

    DeviceLoginPage(SandboxState state) {
        this.state = state;
    }

    /** {@code POST /{tenant}/oauth2/v2.0/devicecode} with client_id and scope (contract §6, [DEV]). */
    ObjectNode start(String tenantSegment, Map<String, String> form) {
        SandboxConfig config = state.config();
        App app = DelegatedGrants.app(config, form.get("client_id"), tenantSegment);
        String tenantId = DelegatedGrants.tenant(config, tenantSegment, app);
        DelegatedScopes scopes = DelegatedScopes.parse(form.get("scope"), app, state.baseUrl());
        DeviceCodes.Flow f = state.delegation.deviceCodes.start(app, tenantId, scopes, state.clock.now());
        String uri = state.baseUrl() + PATH;
        ObjectNode o = Jwt.JSON.createObjectNode();
        o.put("user_code", f.userCode);
        o.put("device_code", f.deviceCode);
        o.put("verification_uri", uri);
        o.put("expires_in", DeviceCodes.LIFETIME.toSeconds());
        o.put("interval", state.delegation.deviceCodeIntervalSeconds());
        o.put("message", "To sign in, use a web browser to open the page " + uri + " and enter the code "
            + f.userCode + " to authenticate.");
        return o;
    }

    void serve(HttpExchange ex) throws IOException {
        Map<String, String> form = Http.form(new String(Http.body(ex), StandardCharsets.UTF_8));
        if (!"POST".equals(ex.getRequestMethod())) {
            ConsentPage.send(ex, 200, codeForm(null));
            return;
        }
        Instant now = state.clock.now();
        DeviceCodes.Flow f = state.delegation.deviceCodes.pending(form.get("otc"), now);
        if (f == null) {
            ConsentPage.send(ex, 200, codeForm("That code is not valid, has expired or was already used. "
                + "Check the code and try again."));
            return;
        }
        String action = form.get("action");
        if (action == null) {
            ConsentPage.send(ex, 200, ConsentPage.form(PATH, Map.of("otc", f.userCode), f.app, f.scopes,
                state.config().users().values(), null));
            return;
        }
        boolean accept = action.equals("accept");
        User user = null;
        if (accept) {
            user = state.config().user(form.getOrDefault("user", "")).orElse(null);
            if (user == null) {
                ConsentPage.send(ex, 400, ConsentPage.page("Sign-in failed", "<p class=\"error\" id=\"error\">"
                    + "No such user: " + ConsentPage.esc(form.get("user")) + "</p>"));
                return;
            }
        }
        if (!state.delegation.deviceCodes.answer(f, user, now)) {
            ConsentPage.send(ex, 200, codeForm("That code was answered meanwhile or has expired."));
            return;
        }
        ConsentPage.send(ex, 200, ConsentPage.page("graphmail sandbox", accept
            ? "<h1 id=\"done\">You are signed in</h1><p>You have signed in to the application "
                + ConsentPage.esc(f.app.clientId()) + " on your device as " + ConsentPage.esc(user.upn())
                + ". You may now close this window.</p>"
            : "<h1 id=\"declined\">Sign-in declined</h1><p>The application on your device was not given access. "
                + "You may now close this window.</p>"));
    }

    private static String codeForm(String error) {
        return ConsentPage.page("Enter code", "<h1>Enter code</h1>\n"
            + (error == null ? "" : "<p class=\"error\" id=\"error\">" + ConsentPage.esc(error) + "</p>\n")
            + "<p>Enter the code displayed on your app or device.</p>\n"
            + "<form method=\"post\" action=\"" + PATH + "\">\n<input id=\"otc\" name=\"otc\" autocomplete=\"off\" "
            + "placeholder=\"Code\">\n<button type=\"submit\" id=\"next\">Next</button>\n</form>\n");
    }
}
