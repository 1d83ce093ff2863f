package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.UnsupportedEncodingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Graph message resource (contract §1.1 JSON body) turned into the MIME Exchange would send, and back into
 * the JSON a draft returns. Unknown properties fail the request, as Graph's OData reader does.
 */
final class JsonMessages {
    private static final Set<String> PROPERTIES = Set.of("@odata.type", "id", "subject", "body", "toRecipients",
        "ccRecipients", "bccRecipients", "replyTo", "from", "sender", "importance", "internetMessageHeaders",
        "attachments", "isDeliveryReceiptRequested", "isReadReceiptRequested", "categories", "flag", "isRead",
        "inferenceClassification", "internetMessageId", "conversationId", "bodyPreview", "uniqueBody",
        "createdDateTime", "lastModifiedDateTime", "receivedDateTime", "sentDateTime", "hasAttachments",
        "changeKey", "parentFolderId", "isDraft", "webLink", "singleValueExtendedProperties",
        "multiValueExtendedProperties", "@odata.etag");

    private JsonMessages() {
    }

    static void checkProperties(JsonNode message) {
        for (Iterator<String> names = message.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!PROPERTIES.contains(name)) {
                throw GraphError.badRequest("RequestBodyRead", "The property '" + name + "' does not exist on type "
                    + "'microsoft.graph.message'. Make sure to only use property names that are defined by the type "
                    + "or mark the type as open type.");
            }
        }
    }

    /**
     * What is reported of internetMessageHeaders beyond the x- rule (docs/graph-behaviour.md §1.4, reported): an empty array and more
     * than {@value SandboxConfig#MAX_INTERNET_MESSAGE_HEADERS} entries fail the whole request. Configurable, since
     * neither is documented.
     */
    static void checkHeaderCollection(JsonNode message, SandboxConfig config) {
        JsonNode headers = message.get("internetMessageHeaders");
        if (!config.strictInternetMessageHeaders() || headers == null || !headers.isArray()) {
            return;
        }
        if (headers.isEmpty() || headers.size() > SandboxConfig.MAX_INTERNET_MESSAGE_HEADERS) {
            throw GraphError.badRequest("InvalidInternetMessageHeaderCollection", "The number of internet message "
                + "headers (" + headers.size() + ") is invalid: it should be between 1 and "
                + SandboxConfig.MAX_INTERNET_MESSAGE_HEADERS + ".");
        }
    }

    /** @param allowHeaders internetMessageHeaders may only be given when the message is created */
    static MimeMessage toMime(JsonNode json, boolean allowHeaders) {
        checkProperties(json);
        try {
            MimeMessage m = new MimeParts.KeepIdMessage();
            apply(m, json, allowHeaders);
            List<MimeBodyPart> attachments = attachments(json.get("attachments"));
            if (attachments.isEmpty()) {
                setBody(m, json.get("body"));
            } else {
                MimeMultipart mixed = new MimeMultipart("mixed");
                MimeBodyPart text = new MimeBodyPart();
                setBody(text, json.get("body"));
                mixed.addBodyPart(text);
                for (MimeBodyPart a : attachments) {
                    mixed.addBodyPart(a);
                }
                m.setContent(mixed);
            }
            m.setSentDate(new java.util.Date());
            m.saveChanges();
            return m;
        } catch (MessagingException e) {
            throw GraphError.badRequest("ErrorInvalidRequest", "Cannot build the message: " + e.getMessage());
        }
    }

    /** Applies the header-level properties present in {@code json} (used for create and PATCH). */
    static void apply(MimeMessage m, JsonNode json, boolean allowHeaders) throws MessagingException {
        if (json.has("subject")) {
            m.setSubject(json.get("subject").isNull() ? null : json.get("subject").asText(), "UTF-8");
        }
        setRecipients(m, Message.RecipientType.TO, json.get("toRecipients"));
        setRecipients(m, Message.RecipientType.CC, json.get("ccRecipients"));
        setRecipients(m, MimeMessage.RecipientType.BCC, json.get("bccRecipients"));
        if (json.has("replyTo")) {
            m.setReplyTo(recipients(json.get("replyTo"), "replyTo").toArray(InternetAddress[]::new));
        }
        if (json.has("from")) {
            m.setFrom(recipient(json.get("from"), "from"));
        }
        if (json.has("sender")) {
            m.setSender(recipient(json.get("sender"), "sender"));
        }
        if (json.has("importance")) {
            String importance = json.get("importance").asText().toLowerCase(Locale.ROOT);
            if (!Set.of("low", "normal", "high").contains(importance)) {
                throw GraphError.badRequest("RequestBodyRead", "Requested value '" + json.get("importance").asText()
                    + "' was not found.");
            }
            m.setHeader("Importance", importance);
        }
        JsonNode headers = json.get("internetMessageHeaders");
        if (headers != null && !headers.isNull()) {
            if (!allowHeaders) {
                throw GraphError.badRequest("ErrorInvalidPropertyRequest",
                    "internetMessageHeaders can only be set when the message is created.");
            }
            for (JsonNode h : headers) {
                String name = h.path("name").asText("");
                if (!name.regionMatches(true, 0, "x-", 0, 2)) {
                    // Contract §1.1 [I-hdr]: one bad header name fails the whole request.
                    throw GraphError.badRequest("InvalidInternetMessageHeader", "The internet message header name '"
                        + name + "' should start with 'x-' or 'X-'.");
                }
                m.addHeader(name, h.path("value").asText(""));
            }
        }
    }

    static void setBody(jakarta.mail.internet.MimePart part, JsonNode body) throws MessagingException {
        String type = body == null ? "text" : body.path("contentType").asText("text").toLowerCase(Locale.ROOT);
        String content = body == null ? "" : body.path("content").asText("");
        if (!type.equals("text") && !type.equals("html")) {
            throw GraphError.badRequest("RequestBodyRead", "Requested value '" + type + "' was not found.");
        }
        part.setText(content, "UTF-8", type.equals("html") ? "html" : "plain");
    }

    private static void setRecipients(MimeMessage m, Message.RecipientType type, JsonNode list)
        throws MessagingException {
        if (list != null) {
            m.setRecipients(type, recipients(list, type.toString()).toArray(InternetAddress[]::new));
        }
    }

    private static List<InternetAddress> recipients(JsonNode list, String field) {
        List<InternetAddress> out = new ArrayList<>();
        if (list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw GraphError.badRequest("RequestBodyRead", "'" + field + "' must be a collection of recipients.");
        }
        for (JsonNode r : list) {
            out.add(recipient(r, field));
        }
        return out;
    }

    private static InternetAddress recipient(JsonNode r, String field) {
        JsonNode email = r.path("emailAddress");
        String address = email.path("address").asText("");
        if (address.isEmpty()) {
            throw GraphError.badRequest("ErrorInvalidRecipients",
                "At least one recipient isn't valid., A recipient in '" + field + "' has no address.");
        }
        InternetAddress a = new InternetAddress();
        a.setAddress(address);
        if (email.hasNonNull("name")) {
            try {
                a.setPersonal(email.get("name").asText(), "UTF-8");
            } catch (UnsupportedEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return a;
    }

    static List<MimeBodyPart> attachments(JsonNode list) throws MessagingException {
        List<MimeBodyPart> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return out;
        }
        for (JsonNode a : list) {
            out.add(fileAttachment(a));
        }
        return out;
    }

    /** A #microsoft.graph.fileAttachment (contract §1.1 [FA]); name and contentBytes are required. */
    static MimeBodyPart fileAttachment(JsonNode a) throws MessagingException {
        String type = a.path("@odata.type").asText("");
        if (!type.equals("#microsoft.graph.fileAttachment")) {
            throw GraphError.badRequest("ErrorInvalidRequest", "Only '#microsoft.graph.fileAttachment' is supported "
                + "by the sandbox; got @odata.type '" + type + "'.");
        }
        if (!a.hasNonNull("name") || !a.hasNonNull("contentBytes")) {
            throw GraphError.badRequest("ErrorRequiredPropertyMissing", "Required property is missing: "
                + (a.hasNonNull("name") ? "contentBytes" : "name") + ".");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(a.get("contentBytes").asText());
        } catch (IllegalArgumentException e) {
            throw GraphError.badRequest("RequestBodyRead",
                "Cannot convert the literal to the expected type 'Edm.Binary'.");
        }
        return part(a.get("name").asText(), a.path("contentType").asText("application/octet-stream"), bytes,
            a.path("isInline").asBoolean(false), a.hasNonNull("contentId") ? a.get("contentId").asText() : null);
    }

    static MimeBodyPart part(String name, String contentType, byte[] bytes, boolean inline, String contentId)
        throws MessagingException {
        MimeBodyPart p = new MimeBodyPart();
        p.setDataHandler(new jakarta.activation.DataHandler(
            new jakarta.mail.util.ByteArrayDataSource(bytes, contentType)));
        p.setFileName(name);
        p.setDisposition(inline ? MimeBodyPart.INLINE : MimeBodyPart.ATTACHMENT);
        if (contentId != null) {
            p.setContentID("<" + contentId + ">");
        }
        return p;
    }

    /** The draft's message resource as Graph returns it. */
    static ObjectNode toJson(Drafts.Draft d) {
        return toJson(d, Instant.now());
    }

    /**
     * The message resource of an item made through the draft API as it is at {@code now}: in Drafts, on its way
     * (Outbox, still unsent: isDraft true), or in Sent Items (isDraft false: "a message is a draft if it hasn't been
     * sent yet" [MSG]). {@code parentFolderId} is the folder's opaque id ({@link Folders}).
     */
    static ObjectNode toJson(Drafts.Draft d, Instant now) {
        ObjectNode o = Jwt.JSON.createObjectNode();
        MimeMessage m = d.message();
        String folder = d.folder(now);
        o.put("@odata.etag", "W/\"" + d.changeKey() + "\"");
        o.put("id", d.id());
        o.put("createdDateTime", d.created().toString());
        o.put("lastModifiedDateTime", d.modified().toString());
        o.put("changeKey", d.changeKey());
        o.put("parentFolderId", Folders.id(d.mailbox(), folder));
        o.put("isDraft", !folder.equals(Folders.SENT_ITEMS));
        if (folder.equals(Folders.SENT_ITEMS)) {
            o.put("sentDateTime", d.submitted().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        }
        o.put("internetMessageId", d.internetMessageId());
        o.put("conversationId", d.conversationId());
        o.put("hasAttachments", !d.attachments().isEmpty() || !MimeParts.attachments(m).isEmpty());
        try {
            o.put("subject", m.getSubject());
        } catch (MessagingException e) {
            o.putNull("subject");
        }
        addresses(o.putArray("toRecipients"), MimeParts.addresses(m, "To"));
        addresses(o.putArray("ccRecipients"), MimeParts.addresses(m, "Cc"));
        addresses(o.putArray("bccRecipients"), MimeParts.addresses(m, "Bcc"));
        List<String> from = MimeParts.addresses(m, "From");
        if (!from.isEmpty()) {
            o.putObject("from").putObject("emailAddress").put("address", from.get(0));
        }
        return o;
    }

    private static void addresses(ArrayNode array, List<String> addresses) {
        addresses.forEach(a -> array.addObject().putObject("emailAddress").put("address", a));
    }
}
