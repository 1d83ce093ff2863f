package io.graphmail.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphmail.graph.Json;
import io.graphmail.auth.TokenException;
import io.graphmail.graph.GraphClient;
import io.graphmail.graph.GraphException;
import io.graphmail.graph.UploadSession;
import io.graphmail.mime.AttachmentJson;
import io.graphmail.mime.AttachmentPart;
import io.graphmail.mime.LargeParts;
import jakarta.mail.MessagingException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

/**
 * Sends a message too large for one sendMail request (docs/large-messages.md): a draft from the MIME without its large parts,
 * each of those attached afterwards (an upload session from {@value LargeParts#UPLOAD_SESSION_MIN} bytes, else one
 * POST), then {@code POST .../messages/{id}/send}. A failure before Graph accepted the send deletes the draft, so
 * nothing is left in the mailbox.
 *
 * <p>When the send itself gets no clear answer (a 504, a connection lost after the request went out), the draft is
 * looked up by its immutable id ({@link SentCheck}, docs/graph-behaviour.md §3) instead of reporting an uncertain
 * delivery at once:
 * <ul>
 * <li>found as the sent message: the send succeeded, and is reported as delivered;</li>
 * <li>still an unsent draft in Drafts at the end of the few seconds of looking: the draft is <b>deleted</b> and the
 *     send fails with a definite error (a SendFailedException for the caller); it is not sent again;</li>
 * <li>anything else (not found, on its way, the lookup failed): uncertain, as before, and nothing is deleted.</li>
 * </ul>
 *
 * <p>Why delete rather than send again, when the draft is unsent: a 504 means the gateway stopped waiting, not that
 * the service stopped working, so the original send may still be carried out after the last look. A second send
 * cannot be ordered against that late one: both may go, and the recipient gets two messages, the failure the
 * engine exists to prevent. A delete can: Exchange applies the delete and the submission to the same item, one after the
 * other. If the delete comes first, a late send finds no draft and nothing goes out, so "not sent" stays true; if the
 * submission comes first, the item has left Drafts and the delete, addressed through {@code mailFolders/drafts}
 * (message-delete accepts that form), does not find it: graphmail then reports the delivery as uncertain instead of
 * wrongly as failed, and the copy in Sent Items is not touched. The caller gets the decision back (a failure it can
 * retry under its own policy) and the mailbox keeps no stale draft, as after any other failure before acceptance.
 * Whether Exchange checks the folder in that path is not documented; if it did not, the one window left is a
 * submission that completes between the last look and the delete, in which case a sent message's copy is deleted
 * and the failure is wrong.
 */
final class LargeSend {

    private static final System.Logger LOG = System.getLogger(LargeSend.class.getName());

    private final GraphClient graph;
    private final UploadSession uploads;
    private final SentCheck check;

    LargeSend(GraphClient graph, UploadSession uploads, SentCheck check) {
        this.graph = graph;
        this.uploads = uploads;
        this.check = check;
    }

    /** @return Graph's request-id of the send */
    String send(String mailbox, LargeParts plan) throws GraphException, TokenException, MessagingException,
            IOException {
        return send(mailbox, plan, null);
    }

    /**
     * Sends as a draft. With a {@code recorder} (an outbox) the draft's id is recorded before the send, and an unclear
     * answer that a look-up cannot settle leaves the draft in place (UNCERTAIN): whoever recorded it checks again later,
     * when a late send has had time to complete, and sends the draft only if it is still one.
     *
     * @return Graph's request-id of the send
     */
    String send(String mailbox, LargeParts plan, DraftRecorder recorder) throws GraphException, TokenException,
            MessagingException, IOException {
        byte[] draftBase64 = plan.draft().base64();
        String id;
        try {
            GraphClient.Response created = graph.post(mailbox, "messages", "text/plain",
                    () -> HttpRequest.BodyPublishers.ofByteArray(draftBase64), SentCheck.IMMUTABLE_ID);
            id = Json.mapper().readTree(created.body()).path("id").asText(null);
            if (id == null) {
                throw new IOException("Graph created the draft but its answer has no id (request-id "
                        + created.requestId() + ")");
            }
        } catch (GraphException e) {
            throw notSentBeforeTheSend(needsReadWrite(e, mailbox, "create a draft"),
                    "; a draft of it may be left in the Drafts folder of " + mailbox);
        }
        String messagePath = "messages/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        boolean sending = false;
        try {
            for (AttachmentPart a : plan.removed()) {
                attach(mailbox, messagePath, a);
            }
            if (recorder != null) {
                recorder.ready(mailbox, id);
            }
            sending = true;
            return graph.post(mailbox, messagePath + "/send", null,
                    () -> HttpRequest.BodyPublishers.ofByteArray(new byte[0])).requestId();
        } catch (GraphException e) {
            if (sending && e.outcome() == GraphException.Outcome.UNCERTAIN) {
                return recorder == null ? afterUncertainSend(mailbox, id, messagePath, e)
                        : afterUncertainRecordedSend(mailbox, id, e);
            }
            deleteDraft(mailbox, messagePath, e);
            throw notSentBeforeTheSend(e, "");
        } catch (TokenException | IOException | RuntimeException | Error e) {
            deleteDraft(mailbox, messagePath, e);
            throw e;
        }
    }

    /** An unclear answer for a recorded draft: confirmed sent, or left for the recorder to look at again later. */
    private String afterUncertainRecordedSend(String mailbox, String id, GraphException e) throws GraphException {
        SentCheck.Result found = check.check(mailbox, id);
        if (found.verdict() == SentCheck.Verdict.SENT) {
            String sendId = e.error() == null ? null : e.error().requestId();
            return sendId != null ? sendId : found.requestId();
        }
        throw new GraphException(GraphException.Outcome.UNCERTAIN, e.getMessage() + "; graphmail " + found.evidence()
                + "; the draft " + id + " is kept and looked at again later", e.error(), e);
    }

    /**
     * Looks again at a draft recorded earlier whose send got no clear answer, or whose sender died: sent, it is done;
     * still an unsent draft in Drafts (long enough after the last attempt that a late send would have completed), it
     * is sent now; anything else stays uncertain.
     *
     * @return Graph's request-id of the send (or of the look that found it sent)
     * @throws GraphException UNCERTAIN when it cannot be told yet, or the send of the draft is unclear again
     */
    String resume(String mailbox, String id) throws GraphException, TokenException {
        SentCheck.Result found = check.look(mailbox, id);
        String messagePath = "messages/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        switch (found.verdict()) {
            case SENT:
                return found.requestId();
            case UNSENT_IN_DRAFTS:
                return graph.post(mailbox, messagePath + "/send", null,
                        () -> HttpRequest.BodyPublishers.ofByteArray(new byte[0]), SentCheck.IMMUTABLE_ID).requestId();
            default:
                throw new GraphException(GraphException.Outcome.UNCERTAIN, "graphmail " + found.evidence()
                        + ": whether draft " + id + " was sent cannot be told yet", null, null);
        }
    }

    /**
     * Decides what an unclear answer to the send meant (see the class comment).
     *
     * @return Graph's request-id for the send when it was sent
     * @throws GraphException REJECTED when the draft was unsent and is deleted, UNCERTAIN when it cannot be known
     */
    private String afterUncertainSend(String mailbox, String id, String messagePath, GraphException e)
            throws GraphException {
        SentCheck.Result found = check.check(mailbox, id);
        switch (found.verdict()) {
            case SENT -> {
                LOG.log(System.Logger.Level.DEBUG, () -> "the send of a draft through " + mailbox + " got no clear"
                        + " answer (" + e.getMessage() + "), and was confirmed: " + found.evidence());
                String sendId = e.error() == null ? null : e.error().requestId();
                return sendId != null ? sendId : found.requestId();
            }
            case UNSENT_IN_DRAFTS -> {
                try {
                    graph.delete(mailbox, "mailFolders/drafts/" + messagePath, SentCheck.IMMUTABLE_ID);
                } catch (GraphException | TokenException | RuntimeException d) {
                    GraphException uncertain = new GraphException(GraphException.Outcome.UNCERTAIN, e.getMessage()
                            + "; graphmail " + found.evidence() + ", but deleting it from Drafts then failed ("
                            + d.getMessage() + "): it may have been sent since; the draft " + id + " was kept",
                            e.error(), e);
                    uncertain.addSuppressed(d);
                    throw uncertain;
                }
                throw new GraphException(GraphException.Outcome.REJECTED, "the send got no clear answer ("
                        + e.getMessage() + "), but graphmail " + found.evidence() + ", so Graph did not send it;"
                        + " graphmail deleted the draft", e.error(), e)
                        .withAdvice("nothing was sent: send the message again");
            }
            default -> throw new GraphException(GraphException.Outcome.UNCERTAIN, e.getMessage() + "; graphmail "
                    + found.evidence() + "; the draft " + id + " was kept, as it may already be the sent message",
                    e.error(), e);
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
        byte[] body = AttachmentJson.uploadSessionItem(a);
        URI url;
        try {
            GraphClient.Response r = graph.post(mailbox, messagePath + "/attachments/createUploadSession",
                    "application/json", () -> HttpRequest.BodyPublishers.ofByteArray(body));
            JsonNode u = Json.mapper().readTree(r.body()).get("uploadUrl");
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
        return AttachmentJson.fileAttachment(a);
    }

    /**
     * Nothing is delivered before the send of the draft: an unclear answer to creating the draft or adding an
     * attachment is a failure to send, not an uncertain delivery (at worst a draft is left behind).
     */
    private static GraphException notSentBeforeTheSend(GraphException e, String leftBehind) {
        if (e.outcome() != GraphException.Outcome.UNCERTAIN) {
            return e;
        }
        GraphException definite = new GraphException(GraphException.Outcome.NOT_SENT, e.getMessage()
                + "; this was before the message was sent, so nothing was delivered" + leftBehind, e.error(), e);
        return e.advice() == null ? definite : definite.withAdvice(e.advice());
    }

    /** A 403 here is Mail.ReadWrite missing; on sendMail it would mean Mail.Send (docs/graph-behaviour.md §2.2). */
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
