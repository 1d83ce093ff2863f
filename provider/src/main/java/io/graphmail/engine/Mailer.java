package io.graphmail.engine;

import com.microsoft.aad.msal4j.IClientCredential;
import io.graphmail.auth.AccessToken;
import io.graphmail.auth.Credentials;
import io.graphmail.auth.TokenException;
import io.graphmail.auth.TokenSource;
import io.graphmail.auth.TokenGrant;
import io.graphmail.auth.ClientCredentialsGrant;
import io.graphmail.auth.RefreshTokenGrant;
import io.graphmail.auth.TokenCacheFile;
import io.graphmail.config.Auth;
import io.graphmail.config.Submit;
import io.graphmail.smtp.SmtpWire;
import io.graphmail.config.GraphSettings;
import io.graphmail.graph.GraphClient;
import io.graphmail.graph.GraphException;
import io.graphmail.graph.HttpClients;
import io.graphmail.graph.MailboxLimiter;
import io.graphmail.graph.RetryPolicy;
import io.graphmail.graph.UploadSession;
import io.graphmail.graph.Waits;
import io.graphmail.mime.MimeSubmission;
import io.graphmail.outbox.Outbox;
import io.graphmail.outbox.OutboxSender;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The send engine of one configuration: takes a message and its envelope, decides everything about it — recipients
 * and groups, the From policy, the mailbox, size and path (sendMail as MIME or JSON, draft + upload sessions) — and
 * returns a {@link SendOutcome}. It owns what every sender of that configuration shares: the HTTP client, the token
 * cache and the per-mailbox limits. Sessions get one through {@link MailerRegistry}; a resource adapter's factory
 * holds one for its lifetime.
 */
public final class Mailer {

    /** Graph's request limit (docs/graph-behaviour.md): larger bodies need a draft and upload sessions. */
    public static final int MAX_REQUEST_BYTES = UploadSession.MAX_CHUNK;

    /** Graph's limit of To + Cc + Bcc recipients per message (docs/graph-behaviour.md). */
    static final int MAX_RECIPIENTS = 500;

    private static final System.Logger LOG = System.getLogger(Mailer.class.getName());

    private final GraphSettings settings;
    private final HttpClients.Lease httpLease;
    private final TokenSource tokens;
    private final GraphClient graph;
    private final LargeSend large;
    private final Waits waits;
    private final Outbox outbox;
    private final OutboxThread outboxThread;
    private final RetryPolicy retry;
    private final SmtpWire smtp;
    private final MailerStats stats = new MailerStats(this);

    Mailer(GraphSettings settings, Waits waits) throws IOException {
        this(settings, waits, WorkRunner.THREADS);
    }

    Mailer(GraphSettings settings, Waits waits, WorkRunner runner) throws IOException {
        this.settings = settings;
        this.waits = waits;
        this.httpLease = HttpClients.lease(settings.truststore(), settings.truststorePassword(),
                Duration.ofMillis(settings.connectionTimeoutMillis()), GraphSettings.TRUSTSTORE);
        java.util.function.Supplier<HttpClient> http = httpLease::client;
        Duration timeout = Duration.ofMillis(settings.timeoutMillis());
        try {
            this.tokens = new TokenSource(grant(settings, http, timeout, waits.clock()), waits.clock());
        } catch (IOException | RuntimeException e) {
            httpLease.close();
            throw e;
        }
        MailboxLimiter limiter = new MailboxLimiter(settings.concurrency());
        this.retry = new RetryPolicy(settings.retries(), Duration.ofMillis(500));
        this.graph = new GraphClient(settings.endpoint(), http, tokens, limiter, retry, timeout, waits);
        this.large = new LargeSend(graph, new UploadSession(http, limiter, retry, timeout, UploadSession.MAX_CHUNK,
                waits), new SentCheck(graph, timeout, waits));
        this.smtp = settings.signIn().submit() == Submit.SMTP ? smtpWire(settings, tokens, waits) : null;
        if (settings.outbox() != null) {
            this.outbox = new Outbox(settings, Clock.systemUTC());
            // a claimed row is this node's for as long as a whole send may take, with room to spare
            Duration lease = Duration.ofMinutes(5).plus(timeout.multipliedBy(4));
            this.outboxThread = new OutboxThread(new OutboxSender(outbox, this, lease, runner), runner);
            outboxThread.start();
        } else {
            this.outbox = null;
            this.outboxThread = null;
        }
        stats.register();
    }

    private static SmtpWire smtpWire(GraphSettings s, TokenSource tokens, Waits waits) throws IOException {
        javax.net.ssl.SSLContext ssl;
        try {
            ssl = s.truststore() != null ? HttpClients.sslContext(s.truststore(), s.truststorePassword(),
                    GraphSettings.TRUSTSTORE) : javax.net.ssl.SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException("this JVM has no TLS: " + e.getMessage(), e);
        }
        return new SmtpWire(s.signIn().smtpHost(), s.signIn().smtpPort(), ssl, tokens, s.connectionTimeoutMillis(),
                s.timeoutMillis(), s.concurrency(), s.retries(), waits.clock(), waits);
    }

    /** How this configuration gets tokens: as the application, or as the user who signed in once. */
    private static TokenGrant grant(GraphSettings s, java.util.function.Supplier<HttpClient> http, Duration timeout,
                                    Clock clock) throws IOException {
        if (s.signIn().auth() == Auth.DELEGATED) {
            return new RefreshTokenGrant(s.authority(), s.tenant(), s.clientId(), credential(s), s.scope(), new TokenCacheFile(s.signIn().tokenCache(), s.signIn().tokenCachePassword()),
                    http, timeout, clock, "graphmail authorize --config <your properties file>");
        }
        return new ClientCredentialsGrant(s.authority(), s.tenant(), s.clientId(), credential(s), s.scope(),
                s.scopeDerived(), http, timeout);
    }

    /**
     * The app's credential as configured: certificate, federated token file or secret; null when there is none (a
     * delegated public client).
     *
     * @throws IOException when the certificate file cannot be read, naming {@code mail.graph.client.certificate}
     */
    public static IClientCredential credential(GraphSettings s) throws IOException {
        if (s.certificate() != null) {
            return Credentials.certificate(s.certificate(), s.certificatePassword(), GraphSettings.CERTIFICATE);
        }
        if (s.assertionFile() != null) {
            return Credentials.assertionFile(s.assertionFile());
        }
        return s.clientSecret() == null ? null : Credentials.secret(s.clientSecret());
    }

    public GraphSettings settings() {
        return settings;
    }

    /** The token source, e.g. for a background refresher. */
    public TokenSource tokens() {
        return tokens;
    }

    /**
     * Obtains (or reuses) a token: proves the credentials work.
     *
     * @throws TokenException when the identity platform refuses the credentials or cannot be reached
     */
    public AccessToken verify() throws TokenException {
        return tokens.token();
    }

    /**
     * Sends one message to the envelope's recipients through Graph.
     *
     * @param message  a MimeMessage whose headers are up to date ({@code saveChanges} done)
     * @param envelope who receives it; Graph delivers to what the submitted To/Cc/Bcc say, so the headers are
     *                 rewritten when they differ from the envelope
     * @param fallbackMailbox the mailbox to send through when {@code mail.graph.user} is not set, before the From
     *                 address (the user given to {@code Transport.connect}); may be null
     * @param debug    where to describe the send for {@code mail.debug}, or null
     * @return delivered, refused or uncertain; the engine never resends an uncertain message
     * @throws SendFailedException when there is no recipient at all (nothing was attempted, as in Angus SMTP)
     * @throws MessagingException  when the message is not a MimeMessage or an address is not an Internet address
     */
    public SendOutcome send(Message message, Address[] envelope, String fallbackMailbox, PrintStream debug)
            throws MessagingException {
        MimeSubmission submission = submission(message, envelope);
        SendAttempt a = new SendAttempt(this, submission, submission.recipients(), debug, null);
        return counted(outbox != null ? a.store(message, fallbackMailbox) : a.send(message, fallbackMailbox));
    }

    /**
     * Sends one message through Graph now, even when the configuration has an outbox: what the outbox's sender does
     * with a stored message. Otherwise as {@link #send}.
     *
     * @throws MessagingException as {@link #send}
     */
    public SendOutcome sendNow(Message message, Address[] envelope, String fallbackMailbox) throws MessagingException {
        MimeSubmission submission = submission(message, envelope);
        return counted(new SendAttempt(this, submission, submission.recipients(), null, null)
                .send(message, fallbackMailbox));
    }

    /** The message for this envelope; no recipient at all fails without an attempt, as in Angus SMTP. */
    private MimeSubmission submission(Message message, Address[] envelope) throws MessagingException {
        if (closed) {
            // its HTTP client may be stopped: a request would wait for ever instead of failing
            throw new MessagingException("graphmail's engine for " + settings.clientId() + " was closed (its resource"
                    + " adapter stopped or was redeployed): nothing was sent; send through a new session or connection");
        }
        if (envelope == null || envelope.length == 0) {
            throw new SendFailedException("No recipient addresses");
        }
        MimeSubmission submission = MimeSubmission.of(message, envelope);
        if (submission.recipients().isEmpty()) {
            throw new SendFailedException("No recipient addresses");   // only empty groups, as undisclosed-recipients:;
        }
        return submission;
    }

    /** The outbox of this configuration, or null when it sends at once. */
    public Outbox outbox() {
        return outbox;
    }

    /** Wakes the outbox's sender (a message was stored); for tests, too, that need not wait for its next poll. */
    public void wakeOutbox() {
        if (outboxThread != null) outboxThread.wake();
    }

    /** Whether this configuration still has a sender delivering stored messages, which must not be stopped idly. */
    boolean drainsOutbox() {
        return outboxThread != null;
    }

    /**
     * Sends one message as a draft whose immutable id {@code recorder} is given before the send (see
     * {@link DraftRecorder}); the rest as {@link #send}. Needs Mail.ReadWrite: without it the draft is refused with
     * {@code ErrorAccessDenied} and the recorder is never called. With {@code mail.graph.savetosentitems=false} there is
     * no draft (only the JSON form can skip Sent Items), and with {@code mail.graph.submit=smtp} none either (SMTP has
     * no drafts): the message goes as {@link #send} does, unrecorded, and an unclear outcome stays uncertain.
     *
     * @throws MessagingException as {@link #send}
     */
    public SendOutcome sendRecorded(Message message, Address[] envelope, String fallbackMailbox,
                                    DraftRecorder recorder) throws MessagingException {
        MimeSubmission submission = submission(message, envelope);
        // a draft exists only on the Graph wire, and only where Sent Items keeps a copy
        boolean drafts = settings.saveToSentItems() && smtp == null;
        return counted(new SendAttempt(this, submission, submission.recipients(), null,
                drafts ? recorder : null).send(message, fallbackMailbox));
    }

    /**
     * Settles a draft recorded by {@link #sendRecorded} whose send got no clear answer or whose sender died: found
     * sent, delivered; still an unsent draft in Drafts, sent now; otherwise uncertain (look again later). Call it only
     * a while after the last attempt, so that a send Graph accepted late has completed.
     */
    public SendOutcome resumeDraft(String mailbox, String immutableId) {
        RecipientReport none = RecipientReport.notSent(List.of());
        try {
            return counted(SendOutcome.delivered(large.resume(mailbox, immutableId), none));
        } catch (GraphException e) {
            if (e.outcome() == GraphException.Outcome.UNCERTAIN) {
                return counted(SendOutcome.uncertain(e.getMessage(), null, none, e));
            }
            return counted(SendOutcome.refused("the recorded draft " + immutableId + " in mailbox " + mailbox
                    + " could not be sent: " + e.getMessage(), e.error() == null ? null : e.error().code(),
                    e.error() == null ? null : e.error().requestId(), none, e));
        } catch (TokenException e) {
            return counted(SendOutcome.refused("not sent: " + e.getMessage(), e.errorCode(), null, none, e));
        }
    }

    GraphClient graph() {
        return graph;
    }

    /** The SMTP wire, or null when messages go through Graph. */
    SmtpWire smtp() {
        return smtp;
    }

    RetryPolicy retryPolicy() {
        return retry;
    }

    /** This engine's JMX figures. */
    public MailerMXBean stats() {
        return stats;
    }

    private SendOutcome counted(SendOutcome o) {
        stats.count(o);
        return o;
    }

    LargeSend large() {
        return large;
    }

    Waits waits() {
        return waits;
    }

    /**
     * Releases this configuration's use of its HTTP client, which is shared with every configuration of the same trust
     * store and connect timeout; the last one out stops the client's threads.
     */
    /** Whether this engine was closed (its adapter stopped): a holder must lease a new one. */
    public boolean isClosed() {
        return closed;
    }

    private volatile boolean closed;

    void close() {
        closed = true;
        stats.unregister();
        if (outboxThread != null) {
            outboxThread.stop();
        }
        if (smtp != null) {
            smtp.close();
        }
        httpLease.close();
    }

    @Override
    public String toString() {
        return "Mailer[" + settings + "]";
    }
}
