package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * The admin API of delegated sign-in and of the clock, under {@code /sandbox/admin/}: approve or decline a device
 * code, list pending ones, revoke a user's sessions, the delegated knobs, and moving the clock on (docs/sandbox.md).
 */
final class DelegatedAdmin {
    private final SandboxState state;

    DelegatedAdmin(SandboxState state) {
        this.state = state;
    }

    static boolean handles(String action) {
        return action.equals("clock") || action.startsWith("delegated/");
    }

    /** @throws IllegalArgumentException for a bad request (the admin endpoint answers 400 with the message) */
    void handle(HttpExchange ex, String action, byte[] body) throws IOException {
        String method = ex.getRequestMethod();
        Delegation d = state.delegation;
        if (method.equals("GET") && action.equals("clock")) {
            Http.json(ex, 200, clock());
            return;
        }
        if (method.equals("GET") && action.equals("delegated/devicecodes")) {
            ObjectNode o = Jwt.JSON.createObjectNode();
            var list = o.putArray("deviceCodes");
            for (DeviceCodes.Flow f : d.deviceCodes.pendingFlows(state.clock.now())) {
                list.addObject().put("userCode", f.userCode).put("clientId", f.app.clientId())
                    .put("scope", f.scopes.responseScope()).put("expires", f.expires.toString());
            }
            Http.json(ex, 200, o);
            return;
        }
        if (!method.equals("POST")) {
            throw new IllegalArgumentException("use POST for /sandbox/admin/" + action);
        }
        JsonNode j = json(body);
        switch (action) {
            case "clock" -> {
                long seconds = j.path("advanceSeconds").asLong(-1);
                if (!j.path("advanceSeconds").isIntegralNumber() || seconds < 0) {
                    throw new IllegalArgumentException("field 'advanceSeconds' must be a whole number >= 0");
                }
                state.clock.advance(Duration.ofSeconds(seconds));
                Http.json(ex, 200, clock());
                return;
            }
            case "delegated/approve" -> d.approveDeviceCode(text(j, "userCode"), text(j, "user"));
            case "delegated/decline" -> d.declineDeviceCode(text(j, "userCode"));
            case "delegated/revoke" -> d.revokeSignInSessions(text(j, "user"));
            case "delegated/settings" -> {
                if (j.has("retireRotatedRefreshTokens")) {
                    d.retireRotatedRefreshTokens(j.get("retireRotatedRefreshTokens").asBoolean());
                }
                if (j.has("deviceCodeIntervalSeconds")) {
                    d.deviceCodeIntervalSeconds(j.get("deviceCodeIntervalSeconds").asInt());
                }
            }
            default -> {
                MailApi.problem(ex, 404, "unknown admin action " + action);
                return;
            }
        }
        Http.empty(ex, 204);
    }

    private ObjectNode clock() {
        Instant now = state.clock.now();
        return Jwt.JSON.createObjectNode().put("now", now.toString())
            .put("offsetSeconds", state.clock.offset().toSeconds());
    }

    private static JsonNode json(byte[] body) {
        try {
            JsonNode node = body.length == 0 ? Jwt.JSON.createObjectNode() : Jwt.JSON.readTree(body);
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
