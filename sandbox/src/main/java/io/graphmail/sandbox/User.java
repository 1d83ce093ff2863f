package io.graphmail.sandbox;

import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * A user who can sign in to the sandbox for delegated flows. There is no password: the sign-in page lets whoever
 * opens it pick a user, as the sandbox listens on loopback only. The object ID is the one Graph gives the user's
 * mailbox, so {@code /users/{oid}} and the token's {@code oid} name the same person.
 *
 * @param upn the user principal name (lower case), also the user's mailbox address
 * @param displayName the name shown on the sign-in and consent pages and in the id_token
 */
public record User(String upn, String displayName) {
    /** @throws NullPointerException when upn is null */
    public User {
        upn = Objects.requireNonNull(upn, "upn").toLowerCase(Locale.ROOT);
        displayName = displayName == null || displayName.isBlank() ? upn : displayName;
    }

    /** @return the user's object ID (stable, derived from the UPN) */
    public String objectId() {
        return objectId(upn);
    }

    static String objectId(String upn) {
        return UUID.nameUUIDFromBytes(("user:" + upn.toLowerCase(Locale.ROOT)).getBytes()).toString();
    }
}
