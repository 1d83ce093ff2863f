package io.graphmail.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.graphmail.auth.TokenException;
import io.graphmail.graph.GraphClient;
import io.graphmail.graph.GraphException;
import io.graphmail.graph.UploadSession;
import io.graphmail.mime.AttachmentPart;
import io.graphmail.mime.LargeParts;
import jakarta.mail.MessagingException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Sends a message too large for one sendMail request (DESIGN step 4): a draft from the MIME without its large parts,
 * each of those attached afterwards (an upload session from {@value LargeParts#UPLOAD_SESSION_MIN} bytes, else one
 * POST), then {@code POST .../messages/{id}/send}. A failure before Graph accepted the send deletes the draft, so
 * nothing is left in the mailbox; a send whose outcome is unknown keeps it, because with an immutable id the draft
 * may already be the Sent Items copy.
 */
final class LargeSend {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** With an immutable id the draft keeps its id when it moves to Sent Items (graph-contract §1.3). */
    private static final String[] IMMUTABLE_ID = {"Prefer", "IdType=\"ImmutableId\""};

    private final GraphClient graph;
    private final UploadSession uploads;

    LargeSend(GraphClient graph, UploadSession uploads) {
        this.graph = graph;
        this.uploads = uploads;
    }

    /** @return Graph's request-id of the send */
    String send(String mailbox, LargeParts plan) throws GraphException, TokenException, MessagingException,
            IOException {
        byte[] draftBase64 = plan.draft().base64();
        String id;
        try {
            GraphClient.Response created = graph.post(mailbox, "messages", "text/plain",
                    () -> HttpRequest.BodyPublishers.ofByteArray(draftBase64), IMMUTABLE_ID);
            id = JSON.readTree(created.body()).path("id").asText(null);
            if (id == null) {
                throw new IOException("Graph created the draft but its answer has no id (request-id "
                        + created.requestId() + ")");
            }
        } catch (GraphException e) {
            throw needsReadWrite(e, mailbox, "create a draft");
        }
        String messagePath = "messages/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        boolean sending = false;
        try {
            for (AttachmentPart a : plan.removed()) {
                attach(mailbox, messagePath, a);
            }
            sending = true;
            return graph.post(mailbox, messagePath + "/send", null,
                    () -> HttpRequest.BodyPublishers.ofByteArray(new byte[0])).requestId();
        } catch (GraphException e) {
            if (sending && e.outcome() == GraphException.Outcome.UNCERTAIN) {
                throw new GraphException(e.outcome(), e.getMessage() + "; the draft " + id + " was kept, as it may"
                        + " already be the sent message", e.error(), e);
            }
            deleteDraft(mailbox, messagePath, e);
            throw e;
        } catch (TokenException | IOException | RuntimeException | Error e) {
            deleteDraft(mailbox, messagePath, e);
            throw e;
        }
    }

    private void attach(String mailbox, String messagePath, AttachmentPart a)
            throws GraphException, TokenException, IOException {
        byte[] small = a.size() < LargeParts.UPLOAD_SESSION_MIN ? smallBody(a) : null;
        if (small != null && small.length <= Mailer.MAX_REQUEST_BYTES) {
            addSmall(mailbox, messagePath, small);
            return;
        }
        // A part just under the upload-session minimum whose JSON is still over the request limit (its base64 plus
        // the name): no documented way fits it, so try the upload session, and if Graph refuses, say why.
        ObjectNode item = JSON.createObjectNode();
        ObjectNode ai = item.putObject("AttachmentItem");
        ai.put("attachmentType", "file");
        ai.put("name", a.name());
        ai.put("size", a.size());
        ai.put("contentType", a.contentType());
        ai.put("isInline", a.inline());
        if (a.contentId() != null) ai.put("contentId", a.contentId());
        byte[] body = JSON.writeValueAsBytes(item);
        URI url;
        try {
            GraphClient.Response r = graph.post(mailbox, messagePath + "/attachments/createUploadSession",
                    "application/json", () -> HttpRequest.BodyPublishers.ofByteArray(body));
            JsonNode u = JSON.readTree(r.body()).get("uploadUrl");
            if (u == null || !u.isTextual()) {
                throw new IOException("Graph opened an upload session without an uploadUrl (request-id "
                        + r.requestId() + ")");
            }
            url = URI.create(u.asText());
        } catch (GraphException e) {
            if (small != null && e.error() != null
                    && "ErrorAttachmentSizeShouldNotBeLessThanMinimumSize".equals(e.error().code())) {
                throw e.withAdvice("attachment '" + a.name() + "' (" + a.size() + " bytes) falls between Graph's two"
                        + " ways of adding an attachment: as base64 in JSON it is over the 4 MB request limit, and it is"
                        + " under the upload-session minimum of 3 MB; compress it, or make it a few hundred bytes"
                        + " larger or smaller");
            }
            throw needsReadWrite(e, mailbox, "open an upload session");
        }
        try {
            uploads.upload(mailbox, url, a.name(), a.size(), a::open);
        } catch (GraphException | IOException | RuntimeException e) {
            uploads.cancel(mailbox, url);
            throw e;
        }
    }

    /** Attachments under 3 MB are refused by upload sessions: one POST with the bytes in JSON. */
    private void addSmall(String mailbox, String messagePath, byte[] body)
            throws GraphException, TokenException, IOException {
        try {
            graph.post(mailbox, messagePath + "/attachments", "application/json",
                    () -> HttpRequest.BodyPublishers.ofByteArray(body));
        } catch (GraphException e) {
            throw needsReadWrite(e, mailbox, "add an attachment");
        }
    }

    /** The fileAttachment JSON of a part under 3 MB (at most about 4 MB: it is held once). */
    private static byte[] smallBody(AttachmentPart a) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) a.size() * 4 / 3 + 512);
        bytes.write(("{\"@odata.type\":\"#microsoft.graph.fileAttachment\",\"name\":"
                + JSON.writeValueAsString(a.name()) + ",\"contentType\":" + JSON.writeValueAsString(a.contentType())
                + ",\"isInline\":" + a.inline()
                + (a.contentId() == null ? "" : ",\"contentId\":" + JSON.writeValueAsString(a.contentId()))
                + ",\"contentBytes\":\"").getBytes(StandardCharsets.UTF_8));
        try (InputStream in = a.open(); OutputStream b64 = Base64.getEncoder().wrap(bytes)) {
            in.transferTo(b64);
        }
        bytes.write("\"}".getBytes(StandardCharsets.UTF_8));
        return bytes.toByteArray();
    }

    /** A 403 here is Mail.ReadWrite missing: the same code on sendMail would mean Mail.Send (graph-contract §1.2). */
    private static GraphException needsReadWrite(GraphException e, String mailbox, String step) {
        if (e.error() == null || e.error().status() != 403 || !"ErrorAccessDenied".equals(e.error().code())) {
            return e;
        }
        return e.withAdvice("messages over about 3 MB are sent as a draft with attachments added to it, and the app"
                + " may not " + step + " in mailbox " + mailbox + ": add the Mail.ReadWrite application permission"
                + " (Microsoft Graph) to the app registration and grant admin consent; if it already has it, check any"
                + " application access policy or RBAC for Applications scope that limits the app to chosen mailboxes");
    }

    /** Deletes the draft after a failure, keeping the failure as the error and a failed delete as suppressed. */
    private void deleteDraft(String mailbox, String messagePath, Throwable failure) {
        try {
            graph.delete(mailbox, messagePath);
        } catch (GraphException | TokenException | RuntimeException e) {
            failure.addSuppressed(new IOException("could not delete the unsent draft (" + messagePath + ") from"
                    + " mailbox " + mailbox + ": delete it from Drafts by hand", e));
        }
    }
}
