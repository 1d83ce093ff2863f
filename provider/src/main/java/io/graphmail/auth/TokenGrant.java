package io.graphmail.auth;

/** One way to get a new access token from the identity platform; {@link TokenSource} decides when to ask. */
public interface TokenGrant {

    /**
     * Asks the identity platform for a new access token.
     *
     * @throws TokenException when it refuses (with the fix) or cannot be reached
     */
    AccessToken acquire() throws TokenException;

    /** Who asks and where, for messages: never a secret. */
    String description();
}
