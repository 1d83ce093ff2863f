package io.graphmail.sandbox;

import java.security.SecureRandom;
import java.util.Base64;

/** Opaque identifiers shaped like Exchange item IDs, and unguessable upload tokens. */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    static String newId() {
        return "AAMkAD" + random(24);
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
