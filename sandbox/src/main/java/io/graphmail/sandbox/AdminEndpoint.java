package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;

/** {@code /sandbox/admin/*}: faults, revocation, statistics, reset and runtime configuration additions. */
final class AdminEndpoint {
    private final SandboxState state;
    private final DelegatedAdmin delegated;

    AdminEndpoint(SandboxState state) {
        this.state = state;
        this.delegated = new DelegatedAdmin(state);
    }

    void handle(HttpExchange ex, String action, byte[] body) throws IOException {
        String method = ex.getRequestMethod();
        try {
            if (DelegatedAdmin.handles(action)) {
                delegated.handle(ex, action, body);
                return;
            }
            if (action.equals("stats") && method.equals("GET")) {
                Http.json(ex, 200, stats());
                return;
            }
            if (action.equals("faults") && method.equals("GET")) {
                ObjectNode o = Jwt.JSON.createObjectNode();
                state.faults.describe().forEach(o.putArray("faults")::add);
                Http.json(ex, 200, o);
                return;
            }
            if (action.equals("faults") && method.equals("DELETE")) {
                state.faults.clear();
                Http.empty(ex, 204);
                return;
            }
            if (!method.equals("POST")) {
                throw new IllegalArgumentException("use POST for /sandbox/admin/" + action);
            }
            switch (action) {
                case "faults" -> faults(json(body));
                case "revoke" -> state.tokens.revokeAll();
                case "reset" -> {
                    state.resetCounters();
                    state.faults.clear();
                    state.clearMessages();
                }
                case "config/apps" -> {
                    App app = ConfigJson.app(json(body));
                    state.updateConfig(c -> c.toBuilder().app(app).build());
                }
                case "config/mailboxes" -> {
                    String address = text(json(body), "address");
                    state.updateConfig(c -> c.toBuilder().mailbox(address).build());
                }
                case "config/smtp" -> {
                    SmtpSettings smtp = SmtpSettingsJson.parse(json(body));
                    state.updateConfig(c -> c.toBuilder().smtp(smtp).build());
                }
                case "config/limits" -> {
                    JsonNode j = json(body);
                    Limits limits = ConfigJson.limits(state.config().limits(), j);
                    state.updateConfig(c -> c.toBuilder().limits(limits).build());
                }
                case "config/sendas" -> {
                    JsonNode j = json(body);
                    String mailbox = text(j, "mailbox");
                    String from = text(j, "from");
                    state.updateConfig(c -> c.toBuilder().sendAs(mailbox, from).build());
                }
                default -> {
                    MailApi.problem(ex, 404, "unknown admin action " + action);
                    return;
                }
            }
            Http.empty(ex, 204);
        } catch (IllegalArgumentException | IOException e) {
            ObjectNode o = Jwt.JSON.createObjectNode().put("error", e.getMessage());
            Http.json(ex, 400, o);
        }
    }

    /** Counters since start or the last reset, queued faults, recent requests: the web page's panel. */
    private ObjectNode stats() {
        ObjectNode o = Jwt.JSON.createObjectNode();
        o.put("tokenRequests", state.tokenRequests());
        o.put("tokensIssued", state.tokensIssued());
        o.put("graphRequests", state.graphRequests());
        o.put("messages", state.messages().size());
        o.put("mailVersion", state.mailVersion());
        o.put("drafts", state.drafts.count());
        o.put("openUploadSessions", state.uploads.count());
        ObjectNode peaks = o.putObject("peakConcurrency");
        state.concurrency.peaks().forEach(peaks::put);
        ObjectNode throttled = o.putObject("throttled");
        throttled.put("concurrency", state.limits.refusals(MailboxLimits.Kind.CONCURRENCY));
        throttled.put("requests", state.limits.refusals(MailboxLimits.Kind.REQUESTS));
        throttled.put("uploadBytes", state.limits.refusals(MailboxLimits.Kind.UPLOAD_BYTES));
        Limits limits = state.config().limits();
        o.putObject("limits")
            .put("requests", limits.scaledRequests())
            .put("requestWindowMs", limits.scaledRequestWindow().toMillis())
            .put("uploadBytes", limits.scaledUploadBytes())
            .put("uploadWindowMs", limits.scaledUploadWindow().toMillis())
            .put("timeScale", limits.timeScale())
            .put("concurrency", state.config().concurrencyPerMailbox());
        state.faults.describe().forEach(o.putArray("faults")::add);
        o.set("requests", state.requests.toJson());
        return o;
    }

    private void faults(JsonNode j) {
        int count = j.path("count").asInt(1);
        if (count < 1 || count > 1000) {
            throw new IllegalArgumentException("count must be between 1 and 1000");
        }
        if (j.path("latencyMs").asLong(0) < 0 || j.path("latencyMs").asLong(0) > 300_000) {
            throw new IllegalArgumentException("latencyMs must be between 0 and 300000");
        }
        Integer retryAfter = j.hasNonNull("retryAfter") ? j.get("retryAfter").asInt() : null;
        String kind = text(j, "fault");
        Fault fault = switch (kind) {
            case "throttle" -> Fault.throttle(retryAfter);
            case "unavailable" -> Fault.serviceUnavailable(retryAfter);
            case "gateway-timeout" -> Fault.gatewayTimeoutAfterAccept();
            case "gateway-timeout-before-accept" -> Fault.gatewayTimeoutBeforeAccept();
            case "latency" -> Fault.latency(Duration.ofMillis(j.path("latencyMs").asLong(0)));
            case "reset" -> Fault.resetBeforeAccept();
            case "reset-after-accept" -> Fault.resetAfterAccept();
            default -> throw new IllegalArgumentException("fault must be throttle, unavailable, gateway-timeout, "
                + "gateway-timeout-before-accept, latency, reset or reset-after-accept, not '" + kind + "'");
        };
        String target = j.path("target").asText("graph");
        switch (target) {
            case "graph" -> state.faults.next(count, fault);
            case "uploads" -> state.faults.nextUploadChunks(count, fault);
            case "tokens" -> state.faults.nextTokenRequests(count, fault);
            case "smtp" -> state.faults.nextSmtpMessages(count, fault);
            default -> throw new IllegalArgumentException("target must be graph, uploads, tokens or smtp, not '"
                + target + "'");
        }
    }

    private static JsonNode json(byte[] body) {
        try {
            JsonNode node = Jwt.JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("the body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getMessage());
        }
    }

    private static String text(JsonNode j, String field) {
        if (!j.hasNonNull(field) || !j.get(field).isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' is required");
        }
        return j.get(field).asText();
    }
}
