package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The captured-mail JSON API under {@code /sandbox/messages} (docs/sandbox.md, "Captured mail API"): list, wait for
 * a number of messages, one message with its bodies and headers, its raw MIME, an attachment's bytes, the HTML body
 * as a page safe to show, delete one, clear. Its shapes are a documented interface for tests in any language.
 */
final class MailApi {
    /** The longest a client may ask to wait, so a forgotten wait cannot hold a server thread for ever. */
    static final Duration MAX_WAIT = Duration.ofMinutes(5);
    private static final Pattern CID = Pattern.compile("(?i)cid:([^\"'\\s)>]+)");

    private final SandboxState state;

    MailApi(SandboxState state) {
        this.state = state;
    }

    /** @param rest the path after {@code /sandbox/messages}, "" or "/{id}..." */
    void handle(HttpExchange ex, String rest) throws IOException {
        String method = ex.getRequestMethod();
        if (rest.isEmpty() || rest.equals("/")) {
            switch (method) {
                case "GET" -> list(ex);
                case "DELETE" -> {
                    state.clearMessages();
                    Http.empty(ex, 204);
                }
                default -> notAllowed(ex);
            }
            return;
        }
        String[] seg = rest.substring(1).split("/", -1);
        Capture c = state.message(seg[0]);
        if (c == null) {
            problem(ex, 404, "no captured message " + seg[0]);
            return;
        }
        if (seg.length == 1 && method.equals("DELETE")) {
            state.deleteMessage(c.id());
            Http.empty(ex, 204);
        } else if (!method.equals("GET")) {
            notAllowed(ex);
        } else if (seg.length == 1) {
            Http.json(ex, 200, detail(c));
        } else if (seg.length == 2 && seg[1].equals("mime")) {
            Http.send(ex, 200, "message/rfc822", c.mime());
        } else if (seg.length == 2 && seg[1].equals("html")) {
            html(ex, c);
        } else if (seg.length == 3 && seg[1].equals("attachments")) {
            attachment(ex, c, seg[2]);
        } else if (seg.length == 3 && seg[1].equals("cid")) {
            inline(ex, c, Http.decode(seg[2]));
        } else {
            problem(ex, 404, "no such sandbox endpoint: GET /sandbox/messages" + rest);
        }
    }

    private void list(HttpExchange ex) throws IOException {
        Map<String, String> query = Http.form(ex.getRequestURI().getRawQuery());
        List<Capture> messages = state.messages();
        if (query.containsKey("wait")) {
            int count;
            Duration timeout;
            try {
                count = Integer.parseInt(query.get("wait"));
                timeout = Duration.ofMillis(Long.parseLong(query.getOrDefault("timeout", "10000")));
            } catch (NumberFormatException e) {
                problem(ex, 400, "wait and timeout must be whole numbers (messages, milliseconds)");
                return;
            }
            if (timeout.compareTo(MAX_WAIT) > 0 || timeout.isNegative()) {
                problem(ex, 400, "timeout must be between 0 and " + MAX_WAIT.toMillis() + " milliseconds");
                return;
            }
            try {
                messages = state.awaitMessages(count, timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                messages = null;
            }
            if (messages == null) {
                problem(ex, 408, "fewer than " + count + " messages after " + timeout.toMillis() + " ms: "
                    + state.messages().size() + " captured");
                return;
            }
        }
        ArrayNode array = Jwt.JSON.createArrayNode();
        messages.forEach(c -> summary(array.addObject(), c));
        Http.json(ex, 200, array);
    }

    static void summary(ObjectNode o, Capture c) {
        o.put("id", c.id());
        o.put("mailbox", c.mailbox());
        o.put("from", c.from());
        c.to().forEach(o.putArray("to")::add);
        c.cc().forEach(o.putArray("cc")::add);
        c.bcc().forEach(o.putArray("bcc")::add);
        o.put("subject", c.subject());
        o.put("size", c.mime().length);
        ArrayNode atts = o.putArray("attachments");
        for (int i = 0; i < c.attachments().size(); i++) {
            CapturedAttachment a = c.attachments().get(i);
            ObjectNode ao = atts.addObject();
            ao.put("index", i);
            ao.put("name", a.name());
            ao.put("contentType", a.contentType());
            ao.put("size", a.size());
            ao.put("inline", a.inline());
            ao.put("contentId", a.contentId());
            ao.put("url", "/sandbox/messages/" + c.id() + "/attachments/" + i);
        }
        o.put("saveToSentItems", c.saveToSentItems());
        o.put("submittedVia", c.submittedVia());
        o.put("clientId", c.clientId());
        o.put("acceptedAt", c.acceptedAt().toString());
        if (c.envelope() != null) {
            ObjectNode envelope = o.putObject("envelope");
            envelope.put("mailFrom", c.envelope().mailFrom());
            c.envelope().rcptTo().forEach(envelope.putArray("rcptTo")::add);
        }
    }

    private static ObjectNode detail(Capture c) {
        ObjectNode o = Jwt.JSON.createObjectNode();
        summary(o, c);
        MessageView view = MessageView.of(c.mime());
        ArrayNode headers = o.putArray("headers");
        for (String[] h : view.headers()) {
            headers.addObject().put("name", h[0]).put("value", h[1]);
        }
        o.put("text", view.text());
        o.put("html", view.html());
        o.put("submittedJson", c.submittedJson());
        return o;
    }

    /**
     * The HTML body as its own page for a sandboxed frame: the Content-Security-Policy forbids scripts, plugins,
     * forms and (unless {@code ?remote=1}) images from anywhere but the sandbox, so opening a message makes no
     * request that would tell a tracker it was read. cid: references point at the message's inline parts.
     */
    private static void html(HttpExchange ex, Capture c) throws IOException {
        MessageView view = MessageView.of(c.mime());
        String html = view.html() != null ? view.html()
            : "<pre>" + Http.escapeHtml(view.text() == null ? "" : view.text()) + "</pre>";
        String base = "/sandbox/messages/" + c.id() + "/cid/";
        Matcher m = CID.matcher(html);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(base + URLEncoder.encode(m.group(1),
                StandardCharsets.UTF_8)));
        }
        m.appendTail(b);
        boolean remote = "1".equals(Http.form(ex.getRequestURI().getRawQuery()).get("remote"));
        String self = "https://" + ex.getRequestHeaders().getFirst("Host");
        ex.getResponseHeaders().set("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'; "
            + "font-src data:; img-src data: " + self + (remote ? " https: http:" : ""));
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        Http.send(ex, 200, "text/html; charset=utf-8", b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void attachment(HttpExchange ex, Capture c, String index) throws IOException {
        List<MessageView.Attachment> all = MessageView.of(c.mime()).attachments();
        int i;
        try {
            i = Integer.parseInt(index);
        } catch (NumberFormatException e) {
            i = -1;
        }
        if (i < 0 || i >= all.size()) {
            problem(ex, 404, "message " + c.id() + " has no attachment " + index);
            return;
        }
        send(ex, all.get(i), "attachment");
    }

    private static void inline(HttpExchange ex, Capture c, String contentId) throws IOException {
        for (MessageView.Attachment a : MessageView.of(c.mime()).attachments()) {
            if (contentId.equals(a.contentId())) {
                send(ex, a, "inline");
                return;
            }
        }
        problem(ex, 404, "message " + c.id() + " has no part with Content-ID " + contentId);
    }

    /** Served as stored; a download, never rendered as a page of the sandbox's origin. */
    private static void send(HttpExchange ex, MessageView.Attachment a, String disposition) throws IOException {
        String name = a.name() == null ? "attachment" : a.name();
        ex.getResponseHeaders().set("Content-Disposition", disposition + "; filename*=UTF-8''"
            + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Content-Security-Policy", "sandbox; default-src 'none'");
        Http.send(ex, 200, a.contentType(), a.bytes());
    }

    static void problem(HttpExchange ex, int status, String message) throws IOException {
        Http.json(ex, status, Jwt.JSON.createObjectNode().put("error", message));
    }

    private static void notAllowed(HttpExchange ex) throws IOException {
        problem(ex, 405, "method " + ex.getRequestMethod() + " not allowed here");
    }
}
