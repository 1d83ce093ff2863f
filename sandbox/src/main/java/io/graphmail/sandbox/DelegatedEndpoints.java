package io.graphmail.sandbox;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Routes the identity platform's user-facing endpoints: devicecode, authorize and the device login page. */
final class DelegatedEndpoints {
    private final DeviceLoginPage deviceLogin;
    private final AuthorizePage authorize;

    DelegatedEndpoints(SandboxState state) {
        this.deviceLogin = new DeviceLoginPage(state);
        this.authorize = new AuthorizePage(state);
    }

    /** @return whether the request was one of these endpoints' (and is answered) */
    boolean serve(HttpExchange ex, String path, String[] seg) throws IOException {
        if (path.equals(DeviceLoginPage.PATH)) {
            deviceLogin.serve(ex);
            return true;
        }
        if (seg.length != 4 || !seg[1].equals("oauth2") || !seg[2].equals("v2.0")) {
            return false;
        }
        if (seg[3].equals("authorize")) {
            authorize.serve(ex, seg[0]);
            return true;
        }
        if (!seg[3].equals("devicecode")) {
            return false;
        }
        String body = new String(Http.body(ex), StandardCharsets.UTF_8);
        if (!"POST".equals(ex.getRequestMethod())) {
            Http.send(ex, 405, "text/plain", "devicecode takes POST".getBytes(StandardCharsets.UTF_8));
            return true;
        }
        try {
            Http.json(ex, 200, deviceLogin.start(seg[0], Http.form(body)));
        } catch (AadError e) {
            Http.json(ex, e.status(), e.body(ex.getRequestHeaders().getFirst("client-request-id"),
                ex.getResponseHeaders().getFirst("x-ms-request-id")));
        }
        return true;
    }
}
