package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * The well-known mail folders a message of the draft path passes through, with opaque ids per mailbox as Graph's
 * {@code parentFolderId} has them: a client learns which folder an id is by {@code GET .../mailFolders/{name}}
 * (well-known names are case-insensitive, mailFolder resource). Other folders do not exist in the sandbox.
 */
final class Folders {
    static final String DRAFTS = "drafts";
    static final String OUTBOX = "outbox";
    static final String SENT_ITEMS = "sentitems";
    private static final Map<String, String> DISPLAY_NAMES = Map.of(DRAFTS, "Drafts", OUTBOX, "Outbox",
        SENT_ITEMS, "Sent Items");

    private Folders() {
    }

    /** @return the folder's id in that mailbox: stable, opaque, different per mailbox */
    static String id(String mailbox, String wellKnownName) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((mailbox + "/" + wellKnownName)
                .getBytes(StandardCharsets.UTF_8));
            return "AAMkAD" + Base64.getUrlEncoder().withoutPadding().encodeToString(h).substring(0, 30) + "AAA=";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the well-known name of a folder given by name or id, or null when there is no such folder */
    static String resolve(String mailbox, String nameOrId) {
        String lower = nameOrId.toLowerCase(Locale.ROOT);
        if (DISPLAY_NAMES.containsKey(lower)) {
            return lower;
        }
        for (String name : DISPLAY_NAMES.keySet()) {
            if (id(mailbox, name).equals(nameOrId)) {   // ids are case-sensitive [IMM note]
                return name;
            }
        }
        return null;
    }

    /** GET /users/{id}/mailFolders/{id or well-known name}: the mailFolder resource, as far as the sandbox has it. */
    static Reply get(GraphRequest r, String nameOrId) {
        String name = resolve(r.mailbox(), nameOrId);
        if (name == null) {
            throw new GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
        }
        ObjectNode o = Jwt.JSON.createObjectNode();
        o.put("id", id(r.mailbox(), name));
        o.put("displayName", DISPLAY_NAMES.get(name));
        o.put("parentFolderId", id(r.mailbox(), "msgfolderroot"));
        o.put("childFolderCount", 0);
        o.put("isHidden", false);
        return Reply.json(200, o);
    }
}
