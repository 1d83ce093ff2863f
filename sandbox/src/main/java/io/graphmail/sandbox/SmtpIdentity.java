package io.graphmail.sandbox;

/**
 * Who an SMTP session authenticated as.
 *
 * @param mailbox the mailbox of the SASL {@code user=} (lower case): the one the session sends from
 * @param clientId the app whose token it was
 * @param delegated whether the token was a user's (scp) rather than the app's own (roles)
 */
record SmtpIdentity(String mailbox, String clientId, boolean delegated) {
}
