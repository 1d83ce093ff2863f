package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code PUT} / {@code DELETE} on an upload URL (contract §2 step 3). The URL carries its own credential, so a
 * request that also sends Authorization is refused: that header is the classic client bug (the Graph token is
 * not valid for the Outlook upload host). These requests are not Graph requests: no concurrency slot, and only the
 * faults queued for upload chunks ({@link Faults#nextUploadChunks}); but each chunk counts against its app's request
 * and upload budgets for the mailbox ({@link MailboxLimits}).
 */
final class UploadEndpoint implements HttpHandler {
    static final int MAX_CHUNK = 4 * 1024 * 1024;
    private static final Pattern PATH = Pattern.compile("/api/v2\\.0/Users\\('[^']*'\\)/Messages\\('[^']*'\\)"
        + "/AttachmentSessions\\('([^']*)'\\)");
    private static final Pattern RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");

    private final SandboxState state;

    UploadEndpoint(SandboxState state) {
        this.state = state;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            GraphResponses.stamp(ex);
            byte[] body = Http.body(ex);
            try {
                GraphResponses.reply(ex, dispatch(ex, body));
            } catch (GraphError e) {
                GraphResponses.error(ex, e);
            } finally {
                state.requests.record("upload", ex);
            }
        }
    }

    private Reply dispatch(HttpExchange ex, byte[] body) {
        Matcher m = PATH.matcher(ex.getRequestURI().getPath());
        if (!m.matches()) {
            throw new GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
        }
        UploadSessions.Session s = state.uploads.get(m.group(1));
        if (s == null) {
            throw new GraphError(404, "ErrorItemNotFound", "The upload session was not found or has been deleted.");
        }
        String token = Http.form(ex.getRequestURI().getRawQuery()).get("authtoken");
        if (!s.token.equals(token)) {
            throw new GraphError(401, "InvalidAuthenticationToken", "The upload URL's authtoken is not valid.");
        }
        if (ex.getRequestHeaders().containsKey("Authorization")) {
            throw new GraphError(401, "InvalidAuthenticationToken", "The upload URL is pre-authenticated: do not "
                + "send an Authorization header with it.");
        }
        return switch (ex.getRequestMethod()) {
            case "PUT" -> put(ex, s, body);
            case "DELETE" -> {
                state.uploads.remove(s.id);
                yield Reply.empty(204);
            }
            default -> throw new GraphError(405, "ErrorInvalidRequest", "Use PUT or DELETE on an upload URL.");
        };
    }

    private Reply put(HttpExchange ex, UploadSessions.Session s, byte[] body) {
        Fault fault = state.faults.pollUpload();
        if (fault != null) {
            if (fault.kind() == Fault.Kind.LATENCY) {
                fault.pause();
            } else {
                throw GraphError.forFault(fault);
            }
        }
        // Outlook's upload host counts against the same app and mailbox budgets as Graph does.
        state.limits.admit(s.clientId, s.mailbox, body.length, state.config().limits());
        String header = ex.getRequestHeaders().getFirst("Content-Range");
        Matcher r = header == null ? null : RANGE.matcher(header.trim());
        if (r == null || !r.matches()) {
            throw GraphError.badRequest("InvalidContentRange",
                "The Content-Range header is missing or malformed; expected 'bytes {start}-{end}/{total}'.");
        }
        long start = Long.parseLong(r.group(1));
        long end = Long.parseLong(r.group(2));
        long total = Long.parseLong(r.group(3));
        if (total != s.size || end < start || end >= total) {
            throw GraphError.badRequest("InvalidContentRange", "The Content-Range '" + header
                + "' does not fit the session's size " + s.size + ".");
        }
        if (body.length != end - start + 1) {
            throw GraphError.badRequest("InvalidContentRange", "The body has " + body.length
                + " bytes but Content-Range announces " + (end - start + 1) + ".");
        }
        if (body.length > MAX_CHUNK) {
            throw new GraphError(state.config().maxRequestStatus(), "BadRequest",
                "The maximum request length supported is 4MB.");
        }
        synchronized (s) {
            if (start != s.data.size()) {
                throw new GraphError(416, "InvalidRange", "The uploaded fragment starts at " + start
                    + " but the next expected byte is " + s.data.size() + ".");
            }
            s.data.write(body, 0, body.length);
            if (s.data.size() < s.size) {
                ObjectNode o = Jwt.JSON.createObjectNode();
                o.put("@odata.context", state.uploadBaseUrl() + "/api/v2.0/$metadata#Microsoft.OutlookServices.UploadSession");
                o.put("ExpirationDateTime", s.expires.toString());
                o.putArray("nextExpectedRanges").add(Long.toString(s.data.size()));
                return Reply.json(200, o);
            }
        }
        Drafts.Draft d = state.drafts.find(s.draftId);
        state.uploads.remove(s.id);
        if (d == null) {
            throw new GraphError(404, "ErrorItemNotFound", "The message of this upload session no longer exists.");
        }
        Drafts.Attachment a = d.add(s.name, s.contentType, s.data.toByteArray(), s.inline, s.contentId);
        return Reply.empty(201).header("Location", state.uploadBaseUrl() + "/api/v2.0/Users('" + s.mailbox
            + "')/Messages('" + s.draftId + "')/Attachments('" + a.id() + "')");
    }
}
