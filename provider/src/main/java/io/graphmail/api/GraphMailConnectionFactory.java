package io.graphmail.api;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;

/**
 * What an application looks up in JNDI to send mail through Microsoft Graph.
 *
 * <p>Both ways of sending share the factory's token cache and per-mailbox limits: a {@link Session} for code written
 * against plain Jakarta Mail ({@code Transport.send(msg)} on it goes through Graph), or a {@link GraphMailConnection}
 * for code that wants a pooled handle in try-with-resources.
 */
public interface GraphMailConnectionFactory {

    /**
     * The mail session of protocol {@code graph} bound to this factory's configuration: the same instance on every call,
     * as a server's mail session resource is; change its properties only as you would a shared resource's.
     */
    Session getSession();

    /** A connection handle; close it (try-with-resources) to give it back to the pool. */
    GraphMailConnection getConnection() throws MessagingException;

    /**
     * Checks this factory's configuration the way {@code graphmail doctor} does: settings, network path and TLS to
     * every host the configured wire needs, the sign-in, a token and its permissions, the clock. It makes a few
     * requests (no message is sent) and may take up to the configured timeouts.
     */
    Verification verify();
}
