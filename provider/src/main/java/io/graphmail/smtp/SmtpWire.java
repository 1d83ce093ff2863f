package io.graphmail.smtp;

import io.graphmail.auth.TokenException;
import io.graphmail.auth.TokenSource;
import io.graphmail.graph.Waits;
import jakarta.mail.Address;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import javax.net.ssl.SSLContext;

/**
 * Submission through Exchange Online's SMTP AUTH endpoint for one configuration: keeps a few signed-in connections
 * per mailbox (XOAUTH2 signs a connection in as one mailbox), each with a token that has at least
 * {@link #TOKEN_VALIDITY} left when it is presented, replaces a connection whose token is running out instead of
 * failing on it, and retries what Exchange refused only for now (4xx) or a reused connection that turned out closed.
 * A message whose outcome is unknown is never sent again.
 */
public final class SmtpWire implements AutoCloseable {

    /** Exchange refuses tokens close to their expiry; graphmail presents none with less than this left. */
    public static final Duration TOKEN_VALIDITY = Duration.ofMinutes(10);

    private static final System.Logger LOG = System.getLogger(SmtpWire.class.getName());

    private final String host;
    private final int port;
    private final Session session;
    private final Session traced;
    private final TokenSource tokens;
    private final int idlePerMailbox;
    private final int retries;
    private final Clock clock;
    private final Waits waits;
    private final Map<String, Deque<SmtpConnection>> idle = new HashMap<>();   // guarded by this
    private boolean closed;   // guarded by this

    /**
     * @param ssl            the TLS context for STARTTLS (the trust store of {@code mail.graph.ssl.truststore})
     * @param idlePerMailbox how many signed-in connections to keep per mailbox
     */
    public SmtpWire(String host, int port, SSLContext ssl, TokenSource tokens, int connectTimeoutMillis,
                    int timeoutMillis, int idlePerMailbox, int retries, Clock clock, Waits waits) {
        this.host = host;
        this.port = port;
        this.tokens = tokens;
        this.idlePerMailbox = idlePerMailbox;
        this.retries = retries;
        this.clock = clock;
        this.waits = waits;
        this.session = Session.getInstance(properties(host, ssl, connectTimeoutMillis, timeoutMillis, false));
        this.traced = Session.getInstance(properties(host, ssl, connectTimeoutMillis, timeoutMillis, true));
    }

    private static Properties properties(String host, SSLContext ssl, int connectTimeout, int timeout,
                                         boolean angusAuth) {
        Properties p = new Properties();
        p.put("mail.smtp.host", host);
        p.put("mail.smtp.starttls.enable", "true");
        // never a plain connection: the token and the mail only travel encrypted
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.socketFactory", ssl.getSocketFactory());
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        p.put("mail.smtp.connectiontimeout", String.valueOf(connectTimeout));
        p.put("mail.smtp.timeout", String.valueOf(timeout));
        p.put("mail.smtp.writetimeout", String.valueOf(timeout));
        p.put("mail.smtp.auth", String.valueOf(angusAuth));
        p.put("mail.smtp.auth.mechanisms", "XOAUTH2");
        p.put("mail.smtp.sendpartial", "false");
        return p;
    }

    /**
     * Sends the message to these recipients, signed in as {@code mailbox}.
     *
     * @return the server's reply, e.g. {@code 250 2.0.0 OK <id>}
     * @throws SmtpException  refused, not sent (after the retries) or uncertain
     * @throws TokenException when no token could be had
     */
    public String send(MimeMessage message, Address[] recipients, String mailbox) throws SmtpException,
            TokenException, InterruptedException {
        Duration wait = Duration.ofSeconds(1);
        for (int attempt = 0; ; attempt++) {
            boolean reused = true;
            SmtpConnection c = borrow(mailbox);
            if (c == null) {
                reused = false;
                c = SmtpConnection.open(session, traced, host, port, mailbox, tokens.token(TOKEN_VALIDITY));
            }
            try {
                String reply = c.send(message, recipients);
                giveBack(c);
                return reply;
            } catch (SmtpException e) {
                c.close();
                if (e.outcome() != SmtpException.Outcome.NOT_SENT) throw e;
                if (reused && e.replyCode() < 0) {
                    // a kept connection the server had closed meanwhile: nothing went, try a fresh one at once
                    LOG.log(System.Logger.Level.DEBUG, () -> "SMTP connection for " + mailbox + " was closed: reconnecting");
                    continue;
                }
                if (attempt >= retries) throw e;
                waits.sleep(wait);
                wait = wait.multipliedBy(2);
            }
        }
    }

    private SmtpConnection borrow(String mailbox) {
        while (true) {
            SmtpConnection c;
            synchronized (this) {
                Deque<SmtpConnection> q = idle.get(mailbox);
                c = q == null ? null : q.pollFirst();
            }
            if (c == null) return null;
            // checked outside the lock: it asks the server (NOOP)
            if (c.usable(clock.instant(), TOKEN_VALIDITY)) return c;
            c.close();   // its token is running out, or the server closed it: replaced, not failed
        }
    }

    private void giveBack(SmtpConnection c) {
        synchronized (this) {
            if (!closed) {
                Deque<SmtpConnection> q = idle.computeIfAbsent(c.mailbox(), k -> new ArrayDeque<>());
                if (q.size() < idlePerMailbox) {
                    q.addFirst(c);
                    return;
                }
            }
        }
        c.close();
    }

    /** Closes the kept connections; sends in flight finish on theirs. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            idle.values().forEach(q -> q.forEach(SmtpConnection::close));
            idle.clear();
        }
    }

    @Override
    public String toString() {
        return "SmtpWire[" + host + ":" + port + "]";
    }
}
