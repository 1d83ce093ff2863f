package io.graphmail.engine;

import com.microsoft.aad.msal4j.IClientCredential;
import io.graphmail.auth.AccessToken;
import io.graphmail.auth.Credentials;
import io.graphmail.auth.TokenException;
import io.graphmail.auth.TokenSource;
import io.graphmail.config.GraphSettings;
import io.graphmail.graph.GraphClient;
import io.graphmail.graph.GraphError;
import io.graphmail.graph.GraphException;
import io.graphmail.graph.HttpClients;
import io.graphmail.graph.MailboxLimiter;
import io.graphmail.graph.RetryPolicy;
import io.graphmail.graph.UploadSession;
import io.graphmail.graph.Waits;
import io.graphmail.mime.GraphJsonMessage;
import io.graphmail.mime.LargeParts;
import io.graphmail.mime.MimeSubmission;
import io.graphmail.outbox.Outbox;
import io.graphmail.outbox.OutboxSender;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
            this.tokens = new TokenSource(settings.authority(), settings.tenant(), settings.clientId(),
                    credential(settings), settings.scope(), settings.scopeDerived(), http, timeout, Clock.systemUTC());
        } catch (IOException | RuntimeException e) {
            httpLease.close();
            throw e;
        }
        MailboxLimiter limiter = new MailboxLimiter(settings.concurrency());
        this.retry = new RetryPolicy(settings.retries(), Duration.ofMillis(500));
        this.graph = new GraphClient(settings.endpoint(), http, tokens, limiter, retry, timeout, waits);
        this.large = new LargeSend(graph, new UploadSession(http, limiter, retry, timeout, UploadSession.MAX_CHUNK,
                waits), new SentCheck(graph, timeout, waits));
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

    private static IClientCredential credential(GraphSettings s) throws IOException {
        if (s.certificate() != null) {
            return Credentials.certificate(s.certificate(), s.certificatePassword(), GraphSettings.CERTIFICATE);
        }
        if (s.assertionFile() != null) {
            return Credentials.assertionFile(s.assertionFile());
        }
        return Credentials.secret(s.clientSecret());
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
        Attempt a = new Attempt(this, submission, submission.recipients(), debug, null);
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
        return counted(new Attempt(this, submission, submission.recipients(), null, null)
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
     * no draft (only the JSON form can skip Sent Items): the message goes as {@link #send} does, unrecorded.
     *
     * @throws MessagingException as {@link #send}
     */
    public SendOutcome sendRecorded(Message message, Address[] envelope, String fallbackMailbox,
                                    DraftRecorder recorder) throws MessagingException {
        MimeSubmission submission = submission(message, envelope);
        return counted(new Attempt(this, submission, submission.recipients(), null,
                settings.saveToSentItems() ? recorder : null).send(message, fallbackMailbox));
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
        httpLease.close();
    }

    @Override
    public String toString() {
        return "Mailer[" + settings + "]";
    }

    /** One message on its way: the decisions in order, each refusal with the text a caller needs. */
    private static final class Attempt {
        private final Mailer mailer;
        private final MimeSubmission submission;
        private final List<InternetAddress> recipients;
        private final RecipientReport notSent;
        private final PrintStream debug;
        private final DraftRecorder recorder;

        Attempt(Mailer mailer, MimeSubmission submission, List<InternetAddress> recipients, PrintStream debug,
                DraftRecorder recorder) {
            this.recorder = recorder;
            this.mailer = mailer;
            this.submission = submission;
            this.recipients = recipients;
            this.notSent = RecipientReport.notSent(recipients);
            this.debug = debug;
        }

        SendOutcome send(Message message, String fallbackMailbox) throws MessagingException {
            GraphSettings settings = mailer.settings;
            SendOutcome checked = check(message, fallbackMailbox);
            if (checked != null) {
                return checked;
            }
            InternetAddress from = from(message);
            String mailbox = mailbox(settings, from, fallbackMailbox);
            String effectiveFrom = from != null ? from.getAddress() : mailbox;
            long start = mailer.waits.nanoTime();
            try {
                Submitted s = submit(settings, mailbox);
                if (s.refusal != null) {
                    return s.refusal;
                }
                long ms = (mailer.waits.nanoTime() - start) / 1_000_000;
                String line = "sent through " + mailbox + " (" + s.path + "): " + s.bytes + " bytes, "
                        + recipients.size() + " recipients, accepted, request-id " + s.requestId + ", " + ms + " ms";
                LOG.log(System.Logger.Level.DEBUG, line);
                debug("DEBUG graph: " + line);
                return SendOutcome.delivered(s.requestId, RecipientReport.delivered(recipients));
            } catch (TokenException e) {
                return refused("not sent: " + e.getMessage(), e, e.errorCode(), null);
            } catch (GraphException e) {
                return graphFailure(e, mailbox, effectiveFrom, settings.saveToSentItems());
            } catch (IOException e) {
                return refused("not sent: could not write the message or read its attachments: " + e.getMessage(), e);
            } catch (MessagingException e) {
                return refused("not sent: " + e.getMessage(), e);
            }
        }

        /**
         * Stores the message in the outbox after the checks a caller should hear about at once (recipients, mailbox,
         * From, size); a background sender delivers it.
         */
        SendOutcome store(Message message, String fallbackMailbox) throws MessagingException {
            SendOutcome checked = check(message, fallbackMailbox);
            if (checked != null) {
                return checked;
            }
            try {
                String row = mailer.outbox.store((jakarta.mail.internet.MimeMessage) message,
                        recipients.toArray(new Address[0]), fallbackMailbox, mailer.settings.maxSize());
                debug("DEBUG graph: stored in the outbox as row " + row);
                mailer.wakeOutbox();
                return SendOutcome.stored(row, RecipientReport.delivered(recipients));
            } catch (MessagingException e) {
                return refused(e.getMessage(), e);
            }
        }

        /** The refusals that need no request: too many recipients, no mailbox, a From not allowed; else null. */
        private SendOutcome check(Message message, String fallbackMailbox) throws MessagingException {
            GraphSettings settings = mailer.settings;
            if (recipients.size() > MAX_RECIPIENTS) {
                return refused("the message has " + recipients.size() + " recipients; Microsoft Graph accepts at most "
                        + MAX_RECIPIENTS + " per message (To, Cc and Bcc together): nothing was sent, split the"
                        + " recipients over several messages", null);
            }
            InternetAddress from = from(message);
            String mailbox = mailbox(settings, from, fallbackMailbox);
            if (mailbox == null) {
                return refused("no mailbox to send through: set " + GraphSettings.USER
                        + " or give the message a From address", null);
            }
            String effectiveFrom = from != null ? from.getAddress() : mailbox;
            if (!settings.fromAllowed().allows(effectiveFrom)) {
                return refused("From " + effectiveFrom + " is not allowed by " + GraphSettings.FROM_ALLOWED + "="
                        + settings.fromAllowed() + ": nothing was sent; use an allowed From address or add this one",
                        null);
            }
            return null;
        }

        private static String mailbox(GraphSettings settings, InternetAddress from, String fallbackMailbox) {
            return settings.user() != null ? settings.user()
                    : fallbackMailbox != null && fallbackMailbox.contains("@") ? fallbackMailbox
                    : from != null ? from.getAddress() : null;
        }

        /** What went to Graph: the path, the MIME size, the request-id; or a refusal before anything went. */
        private record Submitted(String path, long bytes, String requestId, SendOutcome refusal) {
        }

        private Submitted submit(GraphSettings settings, String mailbox)
                throws MessagingException, IOException, GraphException, TokenException {
            GraphClient graph = mailer.graph;
            if (!settings.saveToSentItems()) {
                // only the JSON form of sendMail can skip Sent Items; it has no upload sessions: one request or none
                long size = submission.size();
                if (size > settings.maxSize()) return new Submitted(null, size, null, tooLarge(size, settings));
                byte[] json = GraphJsonMessage.sendMailBody(submission, mailbox, MAX_REQUEST_BYTES);
                debug("DEBUG graph: POST /users/" + mailbox + "/sendMail (JSON, " + json.length + " bytes)");
                String id = graph.post(mailbox, "sendMail", "application/json",
                        () -> HttpRequest.BodyPublishers.ofByteArray(json)).requestId();
                return new Submitted("JSON", size, id, null);
            }
            if (recorder != null) {
                long size = submission.size();
                if (size > settings.maxSize()) return new Submitted(null, size, null, tooLarge(size, settings));
                LargeParts plan = LargeParts.choose(submission, MAX_REQUEST_BYTES);
                SendOutcome noUploads = withoutUploadSessions(plan, settings);
                if (noUploads != null) return new Submitted(null, size, null, noUploads);
                debug("DEBUG graph: " + size + " bytes: recorded draft in " + mailbox + ", then send");
                return new Submitted("recorded draft", size, mailer.large.send(mailbox, plan, recorder), null);
            }
            MimeSubmission.Base64Mime small = submission.base64Within(MAX_REQUEST_BYTES);
            if (small != null) {
                if (small.mimeBytes() > settings.maxSize()) {
                    return new Submitted(null, small.mimeBytes(), null, tooLarge(small.mimeBytes(), settings));
                }
                byte[] body = small.base64();
                debug("DEBUG graph: POST /users/" + mailbox + "/sendMail (MIME, " + body.length + " bytes base64)");
                String id = graph.post(mailbox, "sendMail", "text/plain",
                        () -> HttpRequest.BodyPublishers.ofByteArray(body)).requestId();
                return new Submitted("MIME", small.mimeBytes(), id, null);
            }
            long size = submission.size();   // streamed through a counter: a large message is never held
            if (size > settings.maxSize()) return new Submitted(null, size, null, tooLarge(size, settings));
            LargeParts plan = LargeParts.choose(submission, MAX_REQUEST_BYTES);
            SendOutcome noUploads = withoutUploadSessions(plan, settings);
            if (noUploads != null) return new Submitted(null, size, null, noUploads);
            debug("DEBUG graph: " + size + " bytes: draft in " + mailbox + " + " + plan.removed().size()
                    + " attachment(s) added afterwards, then send");
            String id = mailer.large.send(mailbox, plan);
            return new Submitted("draft + upload", size, id, null);
        }

        /** A refusal when the plan needs an upload session the configured cloud does not offer; else null. */
        private SendOutcome withoutUploadSessions(LargeParts plan, GraphSettings settings) {
            if (settings.cloud().uploadSessions()) return null;
            for (io.graphmail.mime.AttachmentPart a : plan.removed()) {
                if (a.size() >= LargeParts.UPLOAD_SESSION_MIN) {
                    return refused("attachment '" + a.name() + "' is " + a.size() + " bytes: attachments of 3 MB or"
                            + " more need an upload session, which Microsoft Graph does not offer in the "
                            + settings.cloud().propertyValue() + " cloud (" + GraphSettings.CLOUD + "): nothing was"
                            + " sent; send files under 3 MB each, or a link to the file", null);
                }
            }
            return null;
        }

        private SendOutcome tooLarge(long size, GraphSettings settings) {
            return refused("the message is " + size + " bytes, over " + GraphSettings.MAX_SIZE + "="
                    + settings.maxSize() + ": nothing was sent", null);
        }

        private SendOutcome graphFailure(GraphException e, String mailbox, String from, boolean sentItemsCopy) {
            GraphError error = e.error();
            String requestId = error == null ? null : error.requestId();
            debug("DEBUG graph: " + e.outcome() + ": " + (error == null ? e.getMessage() : error.toString()));
            if (e.outcome() == GraphException.Outcome.UNCERTAIN) {
                // Angus reports a connection lost after DATA as NOT_DELIVERED with every address valid-unsent; the
                // exception's type tells the caller the truth
                String check = sentItemsCopy ? "check the Sent Items of " + mailbox
                        : "check the message trace in the Exchange admin center (" + GraphSettings.SAVE_TO_SENT_ITEMS
                        + "=false keeps no copy in Sent Items)";
                return SendOutcome.uncertain("delivery through mailbox " + mailbox + " is uncertain: "
                        + e.getMessage() + ". graphmail did not resend it, to avoid a duplicate: " + check
                        + " before sending again", requestId, notSent, e);
            }
            String advice = e.advice() != null ? e.advice()
                    : error == null ? null : GraphAdvice.forCode(error.code(), mailbox, from);
            String text = "not sent through mailbox " + mailbox + ": " + e.getMessage()
                    + (advice == null ? "" : ". " + advice);
            RecipientReport report = error != null && "ErrorInvalidRecipients".equals(error.code())
                    ? RecipientReport.invalidRecipients(recipients, error.message()) : notSent;
            return SendOutcome.refused(text, error == null ? null : error.code(), requestId, report, e);
        }

        private SendOutcome refused(String text, Exception cause) {
            return refused(text, cause, null, null);
        }

        private SendOutcome refused(String text, Exception cause, String code, String requestId) {
            debug("DEBUG graph: not sent: " + text);
            return SendOutcome.refused(text, code, requestId, notSent, cause);
        }

        private void debug(String line) {
            if (debug != null) debug.println(line);
        }

        private static InternetAddress from(Message message) throws MessagingException {
            Address[] from = message.getFrom();
            if (from == null || from.length == 0 || !(from[0] instanceof InternetAddress)) {
                return null;
            }
            return (InternetAddress) from[0];
        }
    }
}
