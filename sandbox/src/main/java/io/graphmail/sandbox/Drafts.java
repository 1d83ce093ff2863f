package io.graphmail.sandbox;

import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Messages made through the draft API per mailbox (contract §1.2), kept as MIME plus the attachments added to them
 * later, from creation until they are deleted: a draft, then (once its send was accepted) a message on its way, then
 * the copy in Sent Items (§1.3).
 *
 * <p>Ids: a draft created with {@code Prefer: IdType="ImmutableId"} keeps its id when it moves to Sent Items; one
 * created without gets a new id then, so its draft id no longer resolves [IMM, MSG]. Simplification: the id returned
 * is chosen at creation, not per request as Graph does (the header "only applies to the request it is included with").
 */
final class Drafts {
    private final Map<String, Draft> byId = new ConcurrentHashMap<>();

    Draft create(String mailbox, MimeMessage message, byte[] originalMime) {
        return create(mailbox, message, originalMime, false);
    }

    Draft create(String mailbox, MimeMessage message, byte[] originalMime, boolean immutableId) {
        String messageId;
        try {
            messageId = message.getMessageID();
        } catch (jakarta.mail.MessagingException e) {
            messageId = null;
        }
        Draft d = new Draft(Ids.newId(), mailbox, message, originalMime,
            messageId != null ? messageId : "<" + Ids.random(12) + "@sandbox.graphmail>", "AAQkAD" + Ids.random(12),
            immutableId);
        byId.put(d.id(), d);
        return d;
    }

    /** @throws GraphError 404 when no draft (an unsent message) has that id in that mailbox */
    Draft get(String mailbox, String id) {
        Draft d = item(mailbox, id);
        if (d.submitted() != null) {
            throw notFound();
        }
        return d;
    }

    /** @return the draft, now claimed for one send @throws GraphError 404 when it is gone or another send has it */
    Draft claimForSend(String mailbox, String id) {
        Draft d = get(mailbox, id);
        synchronized (d) {
            if (d.sending || d.submitted != null) {
                throw notFound();
            }
            d.sending = true;
        }
        return d;
    }

    /** Gives a claimed draft back after a send that did not go through. */
    void release(Draft d) {
        synchronized (d) {
            d.sending = false;
        }
    }

    /** @return the message with that id in that mailbox, draft or not @throws GraphError 404 when there is none */
    Draft item(String mailbox, String id) {
        Draft d = byId.get(id);
        if (d == null || !d.mailbox().equals(mailbox)) {
            throw notFound();
        }
        return d;
    }

    static GraphError notFound() {
        return new GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
    }

    /** @return the draft with that id (any mailbox), or null once it was sent or deleted */
    Draft find(String id) {
        Draft d = byId.get(id);
        return d == null || d.submitted() != null ? null : d;
    }

    void remove(String id) {
        byId.remove(id);
    }

    /**
     * Marks a draft as accepted for sending; from {@code sentAt} on it is the copy in Sent Items.
     *
     * @param keepId whether the item keeps its id (an immutable id that survives the move); else it gets a new one
     */
    void submit(Draft d, Instant sentAt, boolean keepId) {
        synchronized (d) {
            d.submitted = sentAt;
            // the capture holds the content; the copy keeps what a GET shows, not megabytes of attachments
            d.attachments.replaceAll(a -> new Attachment(a.id(), a.name(), a.contentType(), new byte[0], a.inline(),
                a.contentId()));
            d.originalMime = null;
            if (!keepId) {
                byId.remove(d.id);
                d.id = Ids.newId();
                byId.put(d.id, d);
            }
        }
    }

    /** Removes every message whose send was accepted, keeping the drafts. */
    void removeSubmitted() {
        byId.values().removeIf(d -> d.submitted() != null);
    }

    /** @return how many drafts (unsent messages) exist in all mailboxes */
    int count() {
        return (int) byId.values().stream().filter(d -> d.submitted() == null).count();
    }

    /** @return how many copies exist in Sent Items (all mailboxes) at this instant */
    int sentCount(Instant now) {
        return (int) byId.values().stream().filter(d -> d.isSent(now)).count();
    }

    /** An attachment added after creation (POST attachments or an upload session). */
    record Attachment(String id, String name, String contentType, byte[] bytes, boolean inline, String contentId) {
    }

    /** A draft. Mutations are synchronized on the draft: a client may PATCH and upload at once. */
    static final class Draft {
        private String id;
        private final boolean immutableId;
        private Instant submitted;
        /** A send of this draft is under way: a second, concurrent send finds it gone, as in Exchange. */
        boolean sending;
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
              String conversationId, boolean immutableId) {
            this.id = id;
            this.immutableId = immutableId;
            this.mailbox = mailbox;
            this.message = message;
            this.originalMime = originalMime;
            this.internetMessageId = internetMessageId;
            this.conversationId = conversationId;
        }

        synchronized String id() {
            return id;
        }

        boolean immutableId() {
            return immutableId;
        }

        /** @return when the copy in Sent Items appears (appeared), or null while this is a draft */
        synchronized Instant submitted() {
            return submitted;
        }

        /** @return whether the send was accepted and the copy in Sent Items exists at {@code now} */
        synchronized boolean isSent(Instant now) {
            return submitted != null && !now.isBefore(submitted);
        }

        /** @return the well-known folder the item is in at {@code now} (contract §1.3) */
        synchronized String folder(Instant now) {
            return submitted == null ? Folders.DRAFTS : isSent(now) ? Folders.SENT_ITEMS : Folders.OUTBOX;
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
