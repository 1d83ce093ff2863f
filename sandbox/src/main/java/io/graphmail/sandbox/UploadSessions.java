package io.graphmail.sandbox;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Open attachment upload sessions (contract §2), addressed by an opaque pre-authenticated URL. */
final class UploadSessions {
    private final Map<String, Session> byId = new ConcurrentHashMap<>();

    Session open(String clientId, String mailbox, String draftId, String name, String contentType, long size,
                 boolean inline, String contentId) {
        Session s = new Session("AAMkAD" + Ids.random(15), Ids.random(32), clientId, mailbox, draftId, name,
            contentType, size, inline, contentId, Instant.now().plus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));
        byId.put(s.id, s);
        return s;
    }

    Session get(String id) {
        return byId.get(id);
    }

    void remove(String id) {
        byId.remove(id);
    }

    int count() {
        return byId.size();
    }

    void removeFor(String draftId) {
        byId.values().removeIf(s -> s.draftId.equals(draftId));
    }

    /** One session: the bytes received so far, in order. */
    static final class Session {
        final String id;
        final String token;
        /** The app that opened it: its chunks count against that app's upload budget for the mailbox. */
        final String clientId;
        final String mailbox;
        final String draftId;
        final String name;
        final String contentType;
        final long size;
        final boolean inline;
        final String contentId;
        final Instant expires;
        final ByteArrayOutputStream data = new ByteArrayOutputStream();

        Session(String id, String token, String clientId, String mailbox, String draftId, String name,
                String contentType, long size, boolean inline, String contentId, Instant expires) {
            this.id = id;
            this.token = token;
            this.clientId = clientId;
            this.mailbox = mailbox;
            this.draftId = draftId;
            this.name = name;
            this.contentType = contentType;
            this.size = size;
            this.inline = inline;
            this.contentId = contentId;
            this.expires = expires;
        }

        Instant expires() {
            return expires;
        }

        /** Shaped like Outlook's: https://host/api/v2.0/Users('..')/Messages('..')/AttachmentSessions('..')?authtoken= */
        String url(String baseUrl) {
            return baseUrl + "/api/v2.0/Users('" + mailbox + "')/Messages('" + draftId + "')/AttachmentSessions('"
                + id + "')?authtoken=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        }
    }
}
