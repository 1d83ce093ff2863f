package io.graphmail.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/**
 * {@code /sandbox/}: the web page, the captured-mail API ({@link MailApi}) and the admin API ({@link AdminEndpoint}).
 * No authorization: the server binds loopback only.
 */
final class CapturedMailEndpoint implements HttpHandler {
    private final AdminEndpoint admin;
    private final MailApi mail;

    CapturedMailEndpoint(SandboxState state) {
        this.admin = new AdminEndpoint(state);
        this.mail = new MailApi(state);
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = Http.body(ex);
            String path = ex.getRequestURI().getPath();
            if (path.startsWith("/sandbox/admin/")) {
                admin.handle(ex, path.substring("/sandbox/admin/".length()), body);
            } else if (path.equals("/sandbox/messages") || path.startsWith("/sandbox/messages/")) {
                mail.handle(ex, path.substring("/sandbox/messages".length()));
            } else if (path.equals("/sandbox")) {
                ex.getResponseHeaders().set("Location", "/sandbox/");
                Http.empty(ex, 302);
            } else if (!ex.getRequestMethod().equals("GET")
                || !WebAssets.serve(ex, path.equals("/sandbox/") ? "index.html" : path.substring("/sandbox/".length()))) {
                WebAssets.notFound(ex, ex.getRequestMethod() + " " + path);
            }
        }
    }
}
