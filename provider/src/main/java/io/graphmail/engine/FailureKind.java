package io.graphmail.engine;

import io.graphmail.api.UncertainDeliveryException;
import io.graphmail.auth.TokenException;
import io.graphmail.config.InvalidSettingException;
import io.graphmail.graph.GraphException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.SendFailedException;

import java.io.IOException;

/**
 * What kind of failure a send or connect ended in, for a caller that branches on it (the CLI's exit codes, a
 * script, an application deciding whether to retry later): judged from the exception and its causes.
 */
public enum FailureKind {
    /** Microsoft refused the message or the mailbox (a Graph error about them): fix the message or the mailbox. */
    REFUSED,
    /** The configuration or credentials are wrong, local files included (trust store, certificate, passwords). */
    CONFIGURATION,
    /** Graph may have accepted the message: check before sending it again. */
    UNCERTAIN,
    /**
     * Microsoft (or the outbox's database) could not be reached or is failing (DNS, connect, TLS/PKIX, a timeout
     * before sending, a 5xx or throttling that outlasted the retries): nothing was sent, and the same send may work
     * later.
     */
    OUTAGE;

    /** The kind of this failure. */
    public static FailureKind of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UncertainDeliveryException) return UNCERTAIN;
            if (t instanceof InvalidSettingException) return CONFIGURATION;
            if (t instanceof TokenException) {
                return ((TokenException) t).credentialRejected() ? CONFIGURATION : OUTAGE;
            }
            if (t instanceof GraphException) {
                return of((GraphException) t);
            }
            if (t instanceof io.graphmail.smtp.SmtpException s) {
                return switch (s.outcome()) {
                    case UNCERTAIN -> UNCERTAIN;
                    case NOT_SENT -> OUTAGE;
                    default -> s.authentication() ? CONFIGURATION : REFUSED;
                };
            }
            if (t instanceof java.sql.SQLException) {
                // SQLState class 08: the outbox database cannot be reached; anything else is how it is set up
                String state = ((java.sql.SQLException) t).getSQLState();
                return state != null && state.startsWith("08") || t instanceof java.sql.SQLTransientException
                        ? OUTAGE : CONFIGURATION;
            }
        }
        // what is left: AuthenticationFailedException without a token answer (no credential configured) and local
        // files that could not be read (certificate, trust store: IOException), or a message graphmail cannot send
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SendFailedException) return REFUSED;   // the message itself (an unreadable attachment)
            if (t instanceof AuthenticationFailedException || t instanceof IOException) return CONFIGURATION;
        }
        return REFUSED;
    }

    private static FailureKind of(GraphException e) {
        switch (e.outcome()) {
            case UNCERTAIN:
                return UNCERTAIN;
            case NOT_SENT:
                return OUTAGE;
            default:
                int status = e.error() == null ? 0 : e.error().status();
                return status == 429 || status >= 500 ? OUTAGE : REFUSED;
        }
    }
}
