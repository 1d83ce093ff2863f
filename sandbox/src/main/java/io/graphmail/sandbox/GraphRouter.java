package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Graph v1.0 front door: request-id, injected faults, size limit, authentication, mailbox lookup, permission and
 * access-policy checks, the mailbox concurrency limit, the request and upload budgets, then the operation. The order follows what a client sees
 * from the real service: a bad token is a 401 whatever the path, an unknown user a 404, and only then 403s.
 */
final class GraphRouter implements HttpHandler {
    private static final String SEND = "Mail.Send";
    private static final String READ_WRITE = "Mail.ReadWrite";
    /** Reading a message or folder: Mail.ReadBasic.All or Mail.Read, or the higher Mail.ReadWrite [message-get]. */
    private static final Set<String> READ = Set.of("Mail.ReadBasic.All", "Mail.Read", READ_WRITE);

    private final SandboxState state;
    private final TokenEndpoint identity;
    private final SendMail sendMail;
    private final DraftOperations drafts;

    GraphRouter(SandboxState state, TokenEndpoint identity) {
        this.state = state;
        this.identity = identity;
        this.sendMail = new SendMail(state);
        this.drafts = new DraftOperations(state);
    }

    /** An operation and the application permissions of which it needs one. */
    private record Route(Set<String> roles, Function<GraphRequest, Reply> operation) {
        Route(String role, Function<GraphRequest, Reply> operation) {
            this(Set.of(role), operation);
        }
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            GraphResponses.stamp(ex);
            state.countGraphRequest();
            byte[] body = Http.body(ex);
            Fault fault = state.faults.poll();
            try {
                if (fault != null && fault.kind() == Fault.Kind.RESET_BEFORE_ACCEPT) {
                    Http.drop(ex);
                    return;
                }
                Reply reply = dispatch(ex, body, fault);
                if (fault != null && fault.kind() == Fault.Kind.RESET_AFTER_ACCEPT && reply.status() < 300) {
                    Http.drop(ex);   // done, and the client never hears of it
                    return;
                }
                if (fault != null && fault.kind() == Fault.Kind.GATEWAY_TIMEOUT_AFTER_ACCEPT && reply.status() < 300) {
                    // The work is done (message captured) but the client never learns it: the ambiguous case
                    // DESIGN.md step 6 says must not be resent blindly.
                    throw gatewayTimeout();
                }
                GraphResponses.reply(ex, reply);
            } catch (GraphError e) {
                GraphResponses.error(ex, e);
            } finally {
                state.requests.record("graph", ex);
            }
        }
    }

    /** The same answer whether or not the work was done: the client cannot tell (DESIGN step 6). */
    private static GraphError gatewayTimeout() {
        return new GraphError(504, "GatewayTimeout", "The server did not receive a timely response "
            + "from the upstream server. Request has been accepted and may have been processed.");
    }

    private Reply dispatch(HttpExchange ex, byte[] body, Fault fault) {
        if (fault != null && fault.kind() == Fault.Kind.GATEWAY_TIMEOUT_BEFORE_ACCEPT) {
            throw gatewayTimeout();
        }
        if (fault != null && (fault.kind() == Fault.Kind.THROTTLE || fault.kind() == Fault.Kind.UNAVAILABLE)) {
            throw GraphError.forFault(fault);
        }
        SandboxConfig config = state.config();
        if (body.length > config.maxRequestBytes()) {
            // docs/graph-behaviour.md §2.1, reported: observed as 400 BadRequest; 413 is configurable.
            throw new GraphError(config.maxRequestStatus(), "BadRequest",
                "The maximum request length supported is 4MB.");
        }
        JsonNode claims = authenticate(ex);
        String clientId = claims.path("appid").asText();
        String[] seg = ex.getRequestURI().getPath().substring("/v1.0/".length()).split("/", -1);
        boolean delegated = DelegatedAccess.isDelegated(claims);
        if (seg[0].equalsIgnoreCase("me")) {
            if (!delegated) {
                throw GraphError.badRequest("BadRequest",
                    "/me request is only valid with delegated authentication flow.");
            }
            seg = DelegatedAccess.resolveMe(seg, claims);
        }
        if (!seg[0].equalsIgnoreCase("users") || seg.length < 3 || seg[1].isEmpty()) {
            throw GraphError.badRequest("BadRequest", "Resource not found for the segment '"
                + (seg.length > 1 && seg[0].equalsIgnoreCase("users") ? seg[seg.length - 1] : seg[0]) + "'.");
        }
        String mailbox = mailbox(config, seg[1]);
        Route route = route(ex.getRequestMethod(), seg);
        if (delegated) {
            DelegatedAccess.check(claims, mailbox, route.roles(), config);
        } else if (route.roles().stream().noneMatch(role -> hasRole(claims, role))) {
            throw new GraphError(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
        }
        App app = config.apps().get(clientId);
        if (!delegated && app != null && !app.mayAccess(mailbox)) {
            throw new GraphError(403, "ErrorAccessDenied",
                "Access to OData is disabled: Blocked by tenant configured AppOnly AccessPolicy settings.");
        }
        if (!state.concurrency.tryEnter(clientId, mailbox, config.concurrencyPerMailbox())) {
            state.limits.refusedForConcurrency();
            throw new GraphError(429, "ApplicationThrottled",
                "Application is over its MailboxConcurrency limit.").retryAfter(config.throttleRetryAfterSeconds());
        }
        try {
            state.limits.admit(clientId, mailbox, body.length, config.limits());
            if (fault != null && fault.kind() == Fault.Kind.LATENCY) {
                fault.pause();
            }
            return route.operation().apply(new GraphRequest(ex, mailbox, clientId, body, Http.mediaType(ex)));
        } finally {
            state.concurrency.exit(clientId, mailbox);
        }
    }

    private JsonNode authenticate(HttpExchange ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || auth.isBlank()) {
            throw new GraphError(401, "InvalidAuthenticationToken", "Access token is empty.")
                .header("WWW-Authenticate", "Bearer realm=\"\", error=\"invalid_token\"");
        }
        if (!auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new GraphError(401, "InvalidAuthenticationToken", "Access token validation failure.")
                .header("WWW-Authenticate", "Bearer realm=\"\", error=\"invalid_token\"");
        }
        return state.tokens.validate(auth.substring(7).trim(), identity.graphAudiences(), state.clock.now());
    }

    /** Mailboxes are addressed by UPN (case-insensitive) or by their object ID. */
    private static String mailbox(SandboxConfig config, String idOrUpn) {
        String key = idOrUpn.toLowerCase(Locale.ROOT);
        for (String m : config.mailboxes()) {
            if (m.equals(key) || objectId(m).equals(key)) {
                return m;
            }
        }
        for (String m : config.inactiveMailboxes()) {
            if (m.equals(key) || objectId(m).equals(key)) {
                throw new GraphError(404, "MailboxNotEnabledForRESTAPI",
                    "The mailbox is either inactive, soft-deleted, or is hosted on-premise.");
            }
        }
        throw new GraphError(404, "ErrorInvalidUser", "The requested user '" + idOrUpn + "' is invalid.");
    }

    /** A stable object ID per mailbox address, so tests can address users by ID. */
    static String objectId(String mailbox) {
        return User.objectId(mailbox);
    }

    private Route route(String method, String[] seg) {
        // seg: users, {id}, ... ; Graph path segments are case-insensitive.
        int n = seg.length;
        String op = seg[2];
        if (n == 3 && op.equalsIgnoreCase("sendMail")) {
            return post(method, SEND, sendMail::handle);
        }
        if (n == 3 && op.equalsIgnoreCase("messages")) {
            return post(method, READ_WRITE, drafts::create);
        }
        if (n == 5 && op.equalsIgnoreCase("mailFolders") && seg[4].equalsIgnoreCase("messages")) {
            return post(method, READ_WRITE, drafts::create);
        }
        if (n == 4 && op.equalsIgnoreCase("mailFolders") && "GET".equals(method)) {
            return new Route(READ, r -> Folders.get(r, seg[3]));
        }
        if (n == 6 && op.equalsIgnoreCase("mailFolders") && seg[4].equalsIgnoreCase("messages")) {
            return item(method, seg[3], seg[5]);
        }
        if (op.equalsIgnoreCase("messages") && n >= 4) {
            String id = seg[3];
            if (n == 4) {
                return "PATCH".equals(method) ? new Route(READ_WRITE, r -> drafts.patch(r, id))
                    : item(method, null, id);
            }
            if (n == 5 && seg[4].equalsIgnoreCase("send")) {
                return post(method, SEND, r -> drafts.send(r, id));
            }
            if (n == 5 && seg[4].equalsIgnoreCase("attachments")) {
                return post(method, READ_WRITE, r -> drafts.addAttachment(r, id));
            }
            if (n == 6 && seg[4].equalsIgnoreCase("attachments") && seg[5].equalsIgnoreCase("createUploadSession")) {
                return post(method, READ_WRITE, r -> drafts.createUploadSession(r, id));
            }
        }
        throw GraphError.badRequest("BadRequest", "Resource not found for the segment '" + seg[n - 1] + "'.");
    }

    /** GET or DELETE one message, addressed directly or through a folder (null). */
    private Route item(String method, String folder, String id) {
        return switch (method) {
            case "GET" -> new Route(READ, r -> drafts.get(r, folder, id));
            case "DELETE" -> new Route(READ_WRITE, r -> drafts.delete(r, folder, id));
            default -> throw notAllowed(method);
        };
    }

    private static Route post(String method, String role, Function<GraphRequest, Reply> op) {
        if (!"POST".equals(method)) {
            throw notAllowed(method);
        }
        return new Route(role, op);
    }

    private static GraphError notAllowed(String method) {
        return new GraphError(405, "Request_BadRequest",
            "The HTTP method '" + method + "' is not allowed for this resource.");
    }

    private static boolean hasRole(JsonNode claims, String role) {
        for (JsonNode r : claims.path("roles")) {
            if (r.asText().equals(role)) {
                return true;
            }
        }
        return false;
    }

}
