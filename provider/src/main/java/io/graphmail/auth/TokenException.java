package io.graphmail.auth;

/**
 * No access token could be obtained. The message says what the identity platform answered and what to fix; it never
 * contains a secret.
 */
public final class TokenException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String errorCode;
    private final boolean credentialRejected;

    public TokenException(String message, String errorCode, boolean credentialRejected, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
        this.credentialRejected = credentialRejected;
    }

    /** The AADSTS code (e.g. {@code AADSTS7000215}) or OAuth error, or null when the service was not reached. */
    public String errorCode() {
        return errorCode;
    }

    /** True when the identity platform rejected the configuration (wrong secret, unknown app...), not a network fault. */
    public boolean credentialRejected() {
        return credentialRejected;
    }
}
