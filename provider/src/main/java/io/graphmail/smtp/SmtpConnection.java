package io.graphmail.smtp;

import io.graphmail.auth.AccessToken;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * One SMTP connection through Angus Mail's SMTP transport, upgraded with STARTTLS and signed in as one mailbox with
 * XOAUTH2, and the expiry of the token it signed in with.
 *
 * <p>Why graphmail sends the AUTH command itself: Angus always puts the XOAUTH2 string on the AUTH line, and with the
 * identity platform's tokens (well over a thousand characters) that line is longer than SMTP allows; RFC 4954 then
 * requires the two-step form (AUTH, a 334 challenge, the string on its own line). The one exception: when Angus's
 * protocol trace is switched on, its own XOAUTH2 is used, because only Angus can keep the token out of that trace.
 */
final class SmtpConnection implements AutoCloseable {

    /** The longest command line SMTP allows, CRLF included (RFC 5321 §4.5.3.1.4). */
    static final int MAX_LINE = 512;

    private final Session session;
    private final Transport transport;
    private final String mailbox;
    private final Instant tokenExpiry;

    private SmtpConnection(Session session, Transport transport, String mailbox, Instant tokenExpiry) {
        this.session = session;
        this.transport = transport;
        this.mailbox = mailbox;
        this.tokenExpiry = tokenExpiry;
    }

    /**
     * Connects, upgrades with STARTTLS (required) and signs in.
     *
     * @param session  graphmail's own session for the endpoint (never the application's: its debug setting would trace)
     * @param traced   a session with Angus's XOAUTH2 enabled, for when Angus's protocol trace is on
     * @throws SmtpException when the connection or the sign-in fails
     */
    static SmtpConnection open(Session session, Session traced, String host, int port, String mailbox,
                               AccessToken token) throws SmtpException {
        boolean tracing = java.util.logging.Logger.getLogger("org.eclipse.angus.mail.smtp.protocol")
                .isLoggable(java.util.logging.Level.FINEST);
        Transport t;
        try {
            t = (tracing ? traced : session).getTransport("smtp");
        } catch (MessagingException e) {
            throw new SmtpException("no SMTP transport in this Jakarta Mail implementation: " + e.getMessage()
                    + " (mail.graph.submit=smtp needs Angus Mail's SMTP transport)", SmtpException.Outcome.REFUSED,
                    -1, null, false, null, e);
        }
        try {
            if (tracing) {
                t.connect(host, port, mailbox, token.value());
            } else {
                t.connect(host, port, null, null);
                authenticate(t, mailbox, token.value());
            }
        } catch (SmtpException e) {
            quietlyClose(t);
            throw e;
        } catch (jakarta.mail.AuthenticationFailedException e) {
            quietlyClose(t);
            String reply = lastReply(t);
            throw authFailed(host, mailbox, reply == null ? e.getMessage() : reply, e);
        } catch (MessagingException e) {
            quietlyClose(t);
            throw new SmtpException("could not connect to " + host + ":" + port + " with STARTTLS: "
                    + describe(e) + " (check mail.graph.smtp.host, mail.graph.smtp.port, the network path and the"
                    + " trust store)", SmtpException.Outcome.NOT_SENT, -1, null, false, null, e);
        }
        return new SmtpConnection(session, t, mailbox, token.expiresAt());
    }

    private static void authenticate(Transport t, String mailbox, String token) throws SmtpException,
            MessagingException {
        String sasl = Base64.getEncoder().encodeToString(("user=" + mailbox + "\u0001auth=Bearer " + token
                + "\u0001\u0001").getBytes(StandardCharsets.UTF_8));
        String oneLine = "AUTH XOAUTH2 " + sasl;
        int code;
        if (oneLine.length() + 2 <= MAX_LINE) {
            code = command(t, oneLine);
        } else {
            code = command(t, "AUTH XOAUTH2");
            if (code == 334) {
                code = command(t, sasl);
            }
        }
        if (code == 334) {
            // a failure comes as a challenge carrying the error; an empty answer gets the final reply
            code = command(t, "");
        }
        if (code != 235) {
            throw authFailed(t.getURLName() == null ? "the SMTP host" : t.getURLName().getHost(), mailbox,
                    lastReply(t), null);
        }
    }

    private static SmtpException authFailed(String host, String mailbox, String reply, Exception cause) {
        String advice = SmtpReplies.advice(reply);
        return new SmtpException("Exchange refused the sign-in of mailbox " + mailbox + " at " + host + ": " + reply
                + (advice == null ? "" : ". " + advice), SmtpException.Outcome.REFUSED, code(reply), reply, true,
                null, cause);
    }

    /**
     * Sends one message to these recipients.
     *
     * @return the server's reply to the message, e.g. {@code 250 2.0.0 OK <id>}
     * @throws SmtpException refused, not sent, or uncertain when the connection failed after the message was handed over
     */
    String send(MimeMessage message, Address[] recipients) throws SmtpException {
        TrackedMessage tracked;
        try {
            tracked = new TrackedMessage(session, message, mailbox);
        } catch (MessagingException e) {
            throw new SmtpException("the mailbox " + mailbox + " is not an address: " + e.getMessage(),
                    SmtpException.Outcome.REFUSED, -1, null, false, null, e);
        }
        try {
            transport.sendMessage(tracked, recipients);
            return lastReply(transport);
        } catch (MessagingException e) {
            int code = e instanceof SendFailedException sf ? returnCode(sf) : -1;
            if (code <= 0 && tracked.written()) {
                // every byte went, and no answer came: Exchange may have taken it
                throw new SmtpException("the connection to Exchange broke after the message was handed over and"
                        + " before its reply: " + describe(e), SmtpException.Outcome.UNCERTAIN, -1, null, false,
                        null, e);
            }
            if (code <= 0) {
                throw new SmtpException("the connection to Exchange failed before the message was handed over: "
                        + describe(e), SmtpException.Outcome.NOT_SENT, -1, null, false, null, e);
            }
            String reply = e.getMessage() == null ? String.valueOf(code) : e.getMessage().trim();
            Address[] invalid = e instanceof SendFailedException sf ? sf.getInvalidAddresses() : null;
            String advice = SmtpReplies.advice(reply);
            throw new SmtpException("Exchange did not take the message: " + reply + (advice == null ? "" : ". " + advice),
                    code / 100 == 4 ? SmtpException.Outcome.NOT_SENT : SmtpException.Outcome.REFUSED, code, reply,
                    false, invalid, e);
        }
    }

    /** Whether this connection may carry another message: still open, and its token not within {@code margin}. */
    boolean usable(Instant now, java.time.Duration margin) {
        return tokenExpiry.isAfter(now.plus(margin)) && transport.isConnected();
    }

    String mailbox() {
        return mailbox;
    }

    @Override
    public void close() {
        quietlyClose(transport);
    }

    private static void quietlyClose(Transport t) {
        try {
            t.close();
        } catch (MessagingException | RuntimeException e) {
            // closing a broken connection: nothing left to tell
        }
    }

    private static int returnCode(SendFailedException e) {
        for (Exception x = e; x != null; x = x instanceof MessagingException m ? m.getNextException() : null) {
            try {
                Method m = x.getClass().getMethod("getReturnCode");
                return (Integer) m.invoke(x);
            } catch (ReflectiveOperationException | ClassCastException ignored) {
                // not an Angus SMTP exception
            }
        }
        return -1;
    }

    private static int command(Transport t, String line) throws MessagingException {
        return (Integer) call(t, "simpleCommand", line);
    }

    private static String lastReply(Transport t) {
        try {
            Object r = call(t, "getLastServerResponse", null);
            return r == null ? null : r.toString().trim();
        } catch (MessagingException e) {
            return null;
        }
    }

    /** The transport's methods, looked up once per class rather than on every send; held weakly by the class. */
    private static final ClassValue<java.util.Map<String, Method>> METHODS = new ClassValue<>() {
        @Override
        protected java.util.Map<String, Method> computeValue(Class<?> type) {
            return new java.util.concurrent.ConcurrentHashMap<>();
        }
    };

    /**
     * Angus's SMTPTransport through its public methods, looked up on the object: the server's Jakarta Mail
     * implementation may be loaded by a class loader that graphmail's classes cannot name.
     */
    private static Object call(Transport t, String method, String arg) throws MessagingException {
        try {
            Method m = METHODS.get(t.getClass()).computeIfAbsent(method, name -> {
                try {
                    return arg == null ? t.getClass().getMethod(name) : t.getClass().getMethod(name, String.class);
                } catch (NoSuchMethodException e) {
                    return null;
                }
            });
            if (m == null) throw new NoSuchMethodException(method);
            return arg == null ? m.invoke(t) : m.invoke(t, arg);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof MessagingException me) throw me;
            throw new MessagingException(method + " failed: " + e.getCause(),
                    e.getCause() instanceof Exception x ? x : e);
        } catch (ReflectiveOperationException e) {
            throw new MessagingException("the SMTP transport " + t.getClass().getName() + " is not Angus Mail's: "
                    + "mail.graph.submit=smtp needs Angus Mail (" + method + " is missing)", e);
        }
    }

    private static int code(String reply) {
        if (reply == null || reply.length() < 3) return -1;
        try {
            return Integer.parseInt(reply.substring(0, 3));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String describe(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = e.getMessage();
        return root == e || root.getMessage() == null ? m : m + " (" + root.getClass().getSimpleName() + ": "
                + root.getMessage() + ")";
    }
}
