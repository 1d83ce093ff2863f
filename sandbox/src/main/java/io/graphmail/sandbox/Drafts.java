package io.graphmail.sandbox;

import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Draft messages per mailbox (contract §1.2), kept as MIME plus the attachments added to them later. */
final class Drafts {
    private final Map<String, Draft> byId = new ConcurrentHashMap<>();

    Draft create(String mailbox, MimeMessage message, byte[] originalMime) {
        String messageId;
        try {
            messageId = message.getMessageID();
        } catch (jakarta.mail.MessagingException e) {
            messageId = null;
        }
        Draft d = new Draft(Ids.newId(), mailbox, message, originalMime,
            messageId != null ? messageId : "<" + Ids.random(12) + "@sandbox.graphmail>", "AAQkAD" + Ids.random(12));
        byId.put(d.id(), d);
        return d;
    }

    /** @throws GraphError 404 when the draft does not exist in that mailbox */
    Draft get(String mailbox, String id) {
        Draft d = byId.get(id);
        if (d == null || !d.mailbox().equals(mailbox)) {
            throw new GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
        }
        return d;
    }

    Draft find(String id) {
        return byId.get(id);
    }

    void remove(String id) {
        byId.remove(id);
    }

    /** @return how many drafts exist in all mailboxes */
    int count() {
        return byId.size();
    }

    /** An attachment added after creation (POST attachments or an upload session). */
    record Attachment(String id, String name, String contentType, byte[] bytes, boolean inline, String contentId) {
    }

    /** A draft. Mutations are synchronized on the draft: a client may PATCH and upload at once. */
    static final class Draft {
        private final String id;
        private final String mailbox;
        private final MimeMessage message;
        private byte[] originalMime;
        private final String internetMessageId;
        private final String conversationId;
        private final Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        private Instant modified = created;
        private String changeKey = Ids.random(9);
        private final List<Attachment> attachments = new ArrayList<>();

        Draft(String id, String mailbox, MimeMessage message, byte[] originalMime, String internetMessageId,
              String conversationId) {
            this.id = id;
            this.mailbox = mailbox;
            this.message = message;
            this.originalMime = originalMime;
            this.internetMessageId = internetMessageId;
            this.conversationId = conversationId;
        }

        String id() {
            return id;
        }

        String mailbox() {
            return mailbox;
        }

        MimeMessage message() {
            return message;
        }

        /** @return the MIME as submitted, or null once the draft was changed */
        synchronized byte[] originalMime() {
            return originalMime;
        }

        String internetMessageId() {
            return internetMessageId;
        }

        String conversationId() {
            return conversationId;
        }

        Instant created() {
            return created;
        }

        synchronized Instant modified() {
            return modified;
        }

        synchronized String changeKey() {
            return changeKey;
        }

        synchronized List<Attachment> attachments() {
            return List.copyOf(attachments);
        }

        synchronized void changed() {
            originalMime = null;
            modified = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            changeKey = Ids.random(9);
        }

        synchronized Attachment add(String name, String contentType, byte[] bytes, boolean inline, String contentId) {
            Attachment a = new Attachment("AAMkAD" + Ids.random(18), name, contentType, bytes, inline, contentId);
            attachments.add(a);
            changed();
            return a;
        }
    }
}
