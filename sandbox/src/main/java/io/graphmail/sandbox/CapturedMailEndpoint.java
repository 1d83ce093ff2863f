package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code /sandbox/}: the captured mail as JSON, raw MIME and an HTML page, and the admin API under
 * {@code /sandbox/admin/}. No authorization: the server binds loopback only.
 */
final class CapturedMailEndpoint implements HttpHandler {
    private final SandboxState state;
    private final AdminEndpoint admin;

    CapturedMailEndpoint(SandboxState state) {
        this.state = state;
        this.admin = new AdminEndpoint(state);
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = Http.body(ex);
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (path.startsWith("/sandbox/admin/")) {
                admin.handle(ex, path.substring("/sandbox/admin/".length()), body);
            } else if ((path.equals("/sandbox/") || path.equals("/sandbox")) && method.equals("GET")) {
                Http.send(ex, 200, "text/html; charset=utf-8", page().getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/sandbox/messages") && method.equals("GET")) {
                Http.json(ex, 200, list());
            } else if (path.equals("/sandbox/messages") && method.equals("DELETE")) {
                state.clearMessages();
                Http.empty(ex, 204);
            } else if (path.startsWith("/sandbox/messages/") && path.endsWith("/mime") && method.equals("GET")) {
                String id = path.substring("/sandbox/messages/".length(), path.length() - "/mime".length());
                Capture c = state.message(id);
                if (c == null) {
                    Http.send(ex, 404, "text/plain", ("no captured message " + id).getBytes(StandardCharsets.UTF_8));
                } else {
                    Http.send(ex, 200, "message/rfc822", c.mime());
                }
            } else {
                Http.send(ex, 404, "text/plain", ("no such sandbox endpoint: " + method + " " + path)
                    .getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private ArrayNode list() {
        ArrayNode array = Jwt.JSON.createArrayNode();
        for (Capture c : state.messages()) {
            ObjectNode o = array.addObject();
            o.put("id", c.id());
            o.put("mailbox", c.mailbox());
            o.put("from", c.from());
            c.to().forEach(o.putArray("to")::add);
            c.cc().forEach(o.putArray("cc")::add);
            c.bcc().forEach(o.putArray("bcc")::add);
            o.put("subject", c.subject());
            o.put("size", c.mime().length);
            ArrayNode atts = o.putArray("attachments");
            for (CapturedAttachment a : c.attachments()) {
                ObjectNode ao = atts.addObject();
                ao.put("name", a.name());
                ao.put("contentType", a.contentType());
                ao.put("size", a.size());
                ao.put("inline", a.inline());
                ao.put("contentId", a.contentId());
            }
            o.put("saveToSentItems", c.saveToSentItems());
            o.put("submittedVia", c.submittedVia());
            o.put("clientId", c.clientId());
            o.put("acceptedAt", c.acceptedAt().toString());
        }
        return array;
    }

    /** Every value is escaped: subjects and addresses come straight from whoever sent the mail. */
    private String page() {
        List<Capture> messages = state.messages();
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
            + "<title>graphmail sandbox: captured mail</title></head><body>\n<h1>Captured mail</h1>\n<p>"
            + messages.size() + " message(s). JSON: <a href=\"/sandbox/messages\">/sandbox/messages</a></p>\n"
            + "<table border=\"1\"><tr><th>accepted</th><th>mailbox</th><th>from</th><th>to</th><th>cc</th>"
            + "<th>bcc</th><th>subject</th><th>attachments</th><th>via</th><th>MIME</th></tr>\n");
        for (Capture c : messages) {
            b.append("<tr><td>").append(Http.escapeHtml(c.acceptedAt().toString()))
                .append("</td><td>").append(Http.escapeHtml(c.mailbox()))
                .append("</td><td>").append(Http.escapeHtml(c.from()))
                .append("</td><td>").append(Http.escapeHtml(String.join(", ", c.to())))
                .append("</td><td>").append(Http.escapeHtml(String.join(", ", c.cc())))
                .append("</td><td>").append(Http.escapeHtml(String.join(", ", c.bcc())))
                .append("</td><td>").append(Http.escapeHtml(c.subject()))
                .append("</td><td>");
            for (CapturedAttachment a : c.attachments()) {
                b.append(Http.escapeHtml(a.name())).append(" (").append(Http.escapeHtml(a.contentType()))
                    .append(", ").append(a.size()).append(" bytes)<br>");
            }
            b.append("</td><td>").append(Http.escapeHtml(c.submittedVia()))
                .append("</td><td><a href=\"/sandbox/messages/").append(Http.escapeHtml(c.id()))
                .append("/mime\">raw</a></td></tr>\n");
        }
        return b.append("</table></body></html>\n").toString();
    }
}
