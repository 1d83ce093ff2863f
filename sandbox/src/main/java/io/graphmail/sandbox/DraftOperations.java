package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Draft, attach, upload session, send (contract §1.2 and §2): the path clients take for messages over the 4 MB
 * request limit.
 */
final class DraftOperations {
    /** Contract §2 [LA]: POST attachments is for files under 3 MB; larger ones need an upload session. */
    static final long SMALL_ATTACHMENT_LIMIT = 3L * 1024 * 1024;
    /** Contract §2: upload sessions take up to 150 MB. */
    static final long UPLOAD_LIMIT = 150L * 1024 * 1024;

    private final SandboxState state;

    DraftOperations(SandboxState state) {
        this.state = state;
    }

    Reply create(GraphRequest r) {
        Drafts.Draft d;
        if (r.mediaType().equals("text/plain")) {
            byte[] raw = SendMail.decodeMime(r.body());
            d = state.drafts.create(r.mailbox(), MimeParts.parse(raw), raw, prefersImmutableId(r));
        } else if (r.mediaType().equals("application/json")) {
            JsonNode json = r.json();
            JsonMessages.checkHeaderCollection(json, state.config());
            MimeMessage m = JsonMessages.toMime(json, true);
            d = state.drafts.create(r.mailbox(), m, null, prefersImmutableId(r));
        } else {
            throw new GraphError(415, "UnsupportedMediaType", "Content-Type '" + r.mediaType() + "' is not supported.");
        }
        return Reply.json(201, JsonMessages.toJson(d));
    }

    /** {@code Prefer: IdType="ImmutableId"} (contract §1.3); other preferences in the same header are ignored. */
    static boolean prefersImmutableId(GraphRequest r) {
        List<String> prefer = r.exchange().getRequestHeaders().get("Prefer");
        if (prefer == null) {
            return false;
        }
        for (String v : prefer) {
            String normal = v.toLowerCase(Locale.ROOT).replace(" ", "").replace("\"", "");
            if (normal.contains("idtype=immutableid")) {
                return true;
            }
        }
        return false;
    }

    /** GET a message by id, or by folder and id ({@code folder} a well-known name or folder id, else null). */
    Reply get(GraphRequest r, String folder, String id) {
        Instant now = Instant.now();
        return Reply.json(200, JsonMessages.toJson(visible(r, folder, id, now), now));
    }

    /**
     * The item as GET and DELETE find it: a message on its way only when {@link SendingBehaviour#inTransit} shows it,
     * and, addressed through a folder, only while it is in that folder.
     */
    private Drafts.Draft visible(GraphRequest r, String folder, String id, Instant now) {
        Drafts.Draft d = state.drafts.item(r.mailbox(), id);
        String in = d.folder(now);
        if (in.equals(Folders.OUTBOX) && state.sending.inTransit() == SendingBehaviour.InTransit.NOT_FOUND) {
            throw Drafts.notFound();
        }
        if (folder != null && !in.equals(Folders.resolve(r.mailbox(), folder))) {
            throw Drafts.notFound();
        }
        return d;
    }

    Reply patch(GraphRequest r, String id) {
        Drafts.Draft d = state.drafts.get(r.mailbox(), id);
        JsonNode json = r.json();
        JsonMessages.checkProperties(json);
        synchronized (d) {
            try {
                JsonMessages.apply(d.message(), json, false);
                if (json.has("body")) {
                    setBody(d.message(), json.get("body"));
                }
                d.message().saveChanges();
            } catch (MessagingException | IOException e) {
                throw GraphError.badRequest("ErrorInvalidRequest", "Cannot update the draft: " + e.getMessage());
            }
            d.changed();
        }
        return Reply.json(200, JsonMessages.toJson(d));
    }

    /** Replaces the text of a single-part message, or of the first text part of a multipart one. */
    private static void setBody(MimeMessage m, JsonNode body) throws MessagingException, IOException {
        if (m.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) m.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                if (mp.getBodyPart(i).isMimeType("text/*") && mp.getBodyPart(i).getDisposition() == null) {
                    JsonMessages.setBody((MimeBodyPart) mp.getBodyPart(i), body);
                    m.setContent(mp);
                    return;
                }
            }
        }
        JsonMessages.setBody(m, body);
    }

    /**
     * Deletes a draft, or the copy in Sent Items. A message deleted while on its way (only visible with
     * {@link SendingBehaviour.InTransit#OUTBOX}) has already been captured: the sandbox cannot recall it, and whether
     * Exchange could is undocumented.
     */
    Reply delete(GraphRequest r, String folder, String id) {
        Drafts.Draft d = visible(r, folder, id, Instant.now());
        state.drafts.remove(d.id());
        state.uploads.removeFor(d.id());
        return Reply.empty(204);
    }

    Reply addAttachment(GraphRequest r, String id) {
        Drafts.Draft d = state.drafts.get(r.mailbox(), id);
        JsonNode a = r.json();
        byte[] bytes;
        try {
            MimeBodyPart checked = JsonMessages.fileAttachment(a);   // validates type, name, contentBytes
            bytes = Base64.getDecoder().decode(a.get("contentBytes").asText());
            if (checked == null) {
                throw new IllegalStateException();
            }
        } catch (MessagingException e) {
            throw GraphError.badRequest("ErrorInvalidRequest", e.getMessage());
        }
        if (bytes.length >= SMALL_ATTACHMENT_LIMIT) {
            throw GraphError.badRequest("ErrorAttachmentSizeShouldNotBeGreaterThanMaximumSize",
                "Attachments of 3 MB or more must be added with an upload session.");
        }
        Drafts.Attachment added = d.add(a.get("name").asText(), a.path("contentType").asText("application/octet-stream"),
            bytes, a.path("isInline").asBoolean(false), a.hasNonNull("contentId") ? a.get("contentId").asText() : null);
        ObjectNode o = Jwt.JSON.createObjectNode();
        o.put("@odata.type", "#microsoft.graph.fileAttachment");
        o.put("id", added.id());
        o.put("lastModifiedDateTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        o.put("name", added.name());
        o.put("contentType", added.contentType());
        o.put("size", added.bytes().length);
        o.put("isInline", added.inline());
        o.put("contentId", added.contentId());
        return Reply.json(201, o);
    }

    Reply createUploadSession(GraphRequest r, String id) {
        Drafts.Draft d = state.drafts.get(r.mailbox(), id);
        JsonNode item = ActionParameters.read(r.json(), "createUploadSession", List.of("AttachmentItem"))
            .get("AttachmentItem");
        if (item == null || !item.isObject()) {
            throw GraphError.badRequest("ErrorInvalidParameter", "The value of the parameter 'AttachmentItem' is empty.");
        }
        String type = item.path("attachmentType").asText("");
        if (!type.equalsIgnoreCase("file")) {
            throw GraphError.badRequest("ErrorInvalidParameter",
                "attachmentType '" + type + "' is not supported by the sandbox: use 'file'.");
        }
        if (!item.hasNonNull("name") || !item.path("size").canConvertToLong()) {
            throw GraphError.badRequest("ErrorRequiredPropertyMissing",
                "Required property is missing: " + (item.hasNonNull("name") ? "size" : "name") + ".");
        }
        long size = item.get("size").asLong();
        if (size < SMALL_ATTACHMENT_LIMIT) {
            throw GraphError.badRequest("ErrorAttachmentSizeShouldNotBeLessThanMinimumSize",
                "Attachment size must be greater than the minimum size.");
        }
        if (size > UPLOAD_LIMIT) {
            throw GraphError.badRequest("ErrorAttachmentSizeShouldNotBeGreaterThanMaximumSize",
                "Attachment size must be less than the maximum size.");
        }
        UploadSessions.Session s = state.uploads.open(r.clientId(), r.mailbox(), d.id(), item.get("name").asText(),
            item.path("contentType").asText("application/octet-stream"), size, item.path("isInline").asBoolean(false),
            item.hasNonNull("contentId") ? item.get("contentId").asText() : null);
        ObjectNode o = Jwt.JSON.createObjectNode();
        o.put("@odata.context", state.baseUrl() + "/v1.0/$metadata#microsoft.graph.uploadSession");
        o.put("uploadUrl", s.url(state.uploadBaseUrl()));
        o.put("expirationDateTime", s.expires().toString());
        o.putArray("nextExpectedRanges").add("0-");
        return Reply.json(201, o);
    }

    Reply send(GraphRequest r, String id) {
        // checked and marked in one step: two concurrent sends of one draft must not both be captured
        Drafts.Draft d = state.drafts.claimForSend(r.mailbox(), id);
        try {
            return sendClaimed(r, id, d);
        } catch (RuntimeException e) {
            state.drafts.release(d);
            throw e;
        }
    }

    private Reply sendClaimed(GraphRequest r, String id, Drafts.Draft d) {
        byte[] raw;
        MimeMessage message;
        synchronized (d) {
            raw = d.originalMime();
            message = d.message();
            if (raw == null) {
                try {
                    if (!d.attachments().isEmpty()) {
                        message = withAttachments(d);
                    }
                    message.saveChanges();
                } catch (MessagingException | IOException e) {
                    throw GraphError.badRequest("ErrorInvalidRequest", "Cannot assemble the draft: " + e.getMessage());
                }
                raw = MimeParts.bytes(message);
                message = MimeParts.parse(raw);
            }
        }
        Submission.accept(state, r, message, raw, true, "draft");
        // The item goes to Sent Items once transport has sent it (§1.3): captured now, visible there after the delay.
        // Without an immutable id its id changes on that move (§1.2), so the draft id no longer resolves.
        state.uploads.removeFor(id);
        state.drafts.submit(d, Instant.now().plus(state.sending.sentCopyDelay()),
            d.immutableId() && state.sending.sentCopyKeepsImmutableId());
        return Reply.empty(202);
    }

    /** The draft's content wrapped in multipart/mixed with the attachments added after creation. */
    private static MimeMessage withAttachments(Drafts.Draft d) throws MessagingException, IOException {
        MimeMessage copy = MimeParts.parse(MimeParts.bytes(d.message()));
        MimeBodyPart original = new MimeBodyPart();
        Object content = copy.getContent();
        if (content instanceof Multipart mp) {
            original.setContent(mp);
        } else {
            original.setContent(content, copy.getContentType());
        }
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(original);
        for (Drafts.Attachment a : d.attachments()) {
            mixed.addBodyPart(JsonMessages.part(a.name(), a.contentType(), a.bytes(), a.inline(), a.contentId()));
        }
        copy.setContent(mixed);
        return copy;
    }
}
