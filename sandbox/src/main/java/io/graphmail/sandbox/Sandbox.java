package io.graphmail.sandbox;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A running sandbox: Microsoft Graph mail and the identity platform's token endpoint on
 * {@code https://127.0.0.1:PORT}, with captured mail, counters and fault injection for tests.
 * Close it to stop the server and delete its truststore.
 */
public final class Sandbox implements AutoCloseable {
    private static final int THREADS = 32;

    private final SandboxState state;
    private final HttpsServer server;
    private final ExecutorService executor;
    private final DataDirectory data;
    private final Path truststore;
    private final SSLContext clientContext;
    private final SmtpEndpoint smtp;

    private Sandbox(SandboxConfig config, Storage storage) throws IOException {
        this.state = new SandboxState(config);
        this.data = storage.directory() == null ? DataDirectory.temporary() : DataDirectory.at(storage.directory());
        CREATING.set(data);
        Tls tls = new Tls(data.tlsCredential());
        this.truststore = data.truststore();
        tls.writeTrustStore(truststore);
        if (storage.keepMail()) {
            state.keepMailIn(new MailArchive(data.mail()));
        }
        this.clientContext = tls.clientContext();
        // Loopback only: the admin and captured-mail endpoints have no authentication.
        this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), config.port()), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
        TokenEndpoint identity = new TokenEndpoint(state);
        server.createContext("/", identity);
        server.createContext("/v1.0/", new GraphRouter(state, identity));
        server.createContext("/api/v2.0/", new UploadEndpoint(state));
        server.createContext("/sandbox", new CapturedMailEndpoint(state));
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "graphmail-sandbox-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        // A fixed pool so requests run concurrently: the concurrency limit must be observable.
        this.executor = Executors.newFixedThreadPool(THREADS, threads);
        server.setExecutor(executor);
        server.start();
        state.baseUrl("https://127.0.0.1:" + server.getAddress().getPort());
        try {
            this.smtp = new SmtpEndpoint(state, tls.serverContext(), state.clock.asClock());
        } catch (IOException | RuntimeException e) {
            server.stop(0);
            executor.shutdownNow();
            throw e;
        }
        CREATING.remove();
    }

    /**
     * Where a sandbox keeps its files.
     *
     * @param directory a directory kept across restarts (TLS certificate, trust store, and mail if kept), or null for
     *     a temporary one deleted on close
     * @param keepMail whether captured mail is kept in {@code directory/mail} and taken in again at the next start
     */
    public record Storage(Path directory, boolean keepMail) {
        /** @throws IllegalArgumentException when mail is to be kept without a directory */
        public Storage {
            if (keepMail && directory == null) {
                throw new IllegalArgumentException("keeping mail needs a data directory");
            }
        }

        /** @return a temporary directory, nothing kept */
        public static Storage temporary() {
            return new Storage(null, false);
        }
    }

    /** @return a sandbox with {@link SandboxConfig#demo()} */
    public static Sandbox start() {
        return start(SandboxConfig.demo());
    }

    /**
     * @param config what exists in the sandbox
     * @return the started sandbox
     * @throws UncheckedIOException when the port cannot be bound or the truststore written
     */
    public static Sandbox start(SandboxConfig config) {
        return start(config, Storage.temporary());
    }

    /**
     * @param config what exists in the sandbox
     * @param storage where it keeps its files
     * @return the started sandbox
     * @throws UncheckedIOException when the port cannot be bound (cause {@link java.net.BindException}) or a file
     *     cannot be written
     */
    public static Sandbox start(SandboxConfig config, Storage storage) {
        try {
            return new Sandbox(config, storage);
        } catch (IOException e) {
            deleteStaleTempDirs();
            throw new UncheckedIOException("cannot start the graphmail sandbox: " + e.getMessage(), e);
        } catch (RuntimeException | LinkageError e) {
            // the constructor may have created the temp dir before failing: leave nothing behind
            deleteStaleTempDirs();
            throw e;
        }
    }

    private static final ThreadLocal<DataDirectory> CREATING = new ThreadLocal<>();

    private static void deleteStaleTempDirs() {
        DataDirectory dir = CREATING.get();
        CREATING.remove();
        if (dir != null) {
            dir.close();
        }
    }

    /** @return the directory holding the trust store (and, with {@code --data}, the certificate and mail) */
    public Path dataDirectory() {
        return data.path();
    }

    /** @return the port listened on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return how many SMTP sessions signed in successfully (AUTH answered 235) since the counters were reset */
    public int smtpAuthentications() {
        return state.smtpAuthentications.get();
    }

    /** @return the port of the SMTP submission endpoint (STARTTLS, AUTH XOAUTH2) on 127.0.0.1 */
    public int smtpPort() {
        return smtp.port();
    }

    /** @return the SMTP submission endpoint's host, {@code 127.0.0.1} */
    public String smtpHost() {
        return "127.0.0.1";
    }

    /**
     * Signs an access token with claims the token endpoint does not issue (yet): for tests of what a resource does
     * with, say, a user's token. The claims are taken as given.
     */
    String signAccessToken(com.fasterxml.jackson.databind.node.ObjectNode claims) {
        return state.tokens.sign(claims);
    }

    /** @return {@code https://127.0.0.1:PORT} */
    public String baseUrl() {
        return state.baseUrl();
    }

    /** @return the identity platform base URL (token endpoint: {authority}/{tenant}/oauth2/v2.0/token) */
    public String authorityUrl() {
        return state.baseUrl();
    }

    /** @return the Graph base URL, without /v1.0 */
    public String graphUrl() {
        return state.baseUrl();
    }

    /** @return a PKCS#12 truststore holding the sandbox's certificate (deleted on close unless in a data directory) */
    public Path truststore() {
        return truststore;
    }

    /** @return the truststore password, "changeit" */
    public String truststorePassword() {
        return Tls.PASSWORD;
    }

    /** @return an SSL context trusting exactly the sandbox certificate */
    public SSLContext clientSslContext() {
        return clientContext;
    }

    /**
     * The session properties (graphmail's public names) that send through this sandbox as its first app from its
     * first sender mailbox: what {@code java -jar} prints as mail.properties.
     */
    public java.util.Properties mailProperties() {
        java.util.Properties p = new java.util.Properties();
        p.putAll(MailProperties.of(this));
        return p;
    }

    /** {@link #mailProperties()} switched to the SMTP submission endpoint ({@code mail.graph.submit=smtp}). */
    public java.util.Properties smtpMailProperties() {
        java.util.Properties p = mailProperties();
        p.putAll(MailProperties.smtp(this));
        return p;
    }

    /** @return the current configuration (including runtime additions) */
    public SandboxConfig config() {
        return state.config();
    }

    /** @return captured messages in acceptance order (a snapshot) */
    public List<CapturedMessage> messages() {
        return new ArrayList<>(state.messages());
    }

    /** Forgets captured messages, and the sender's copies of them in Sent Items (or on their way there). */
    public void clearMessages() {
        state.clearMessages();
    }

    /** @return POSTs to any token endpoint since start or reset, successful or not */
    public int tokenRequests() {
        return state.tokenRequests();
    }

    /** @param clientId a client ID @return token requests made for it */
    public int tokenRequests(String clientId) {
        return state.tokenRequests(clientId);
    }

    /** @param mailbox an address (case-insensitive) @return the most Graph requests in flight at once for it */
    public int peakConcurrentRequests(String mailbox) {
        return state.concurrency.peak(mailbox.toLowerCase(Locale.ROOT));
    }

    /** @return the highest per-mailbox peak */
    public int peakConcurrentRequests() {
        return state.concurrency.peak();
    }

    /** The limit a 429 was answered for: see {@link #throttled(Throttle)}. */
    public enum Throttle {
        /** More than {@link SandboxConfig#concurrencyPerMailbox()} requests in flight for one app and mailbox. */
        CONCURRENCY,
        /** Over {@link Limits#scaledRequests()} in the request window. */
        REQUESTS,
        /** Over {@link Limits#scaledUploadBytes()} in the upload window. */
        UPLOAD_BYTES
    }

    /**
     * @param limit one of Graph's per-app-and-mailbox limits
     * @return 429s answered for it since start or the last {@link #resetCounters()} (armed throttle faults not
     *     included)
     */
    public int throttled(Throttle limit) {
        return state.limits.refusals(MailboxLimits.Kind.valueOf(limit.name()));
    }

    /**
     * Replaces the request and upload budgets from now on (budgets already used stay used until
     * {@link #resetCounters()}).
     *
     * @param limits the new limits
     */
    public void limits(Limits limits) {
        java.util.Objects.requireNonNull(limits, "limits");
        state.updateConfig(c -> c.toBuilder().limits(limits).build());
    }

    /** @return requests to Graph (/v1.0/...) since start or reset, successful or not; upload PUTs not included */
    public int graphRequests() {
        return state.graphRequests();
    }

    /** @return drafts that exist now in any mailbox: created, and neither sent nor deleted (none left behind?) */
    public int drafts() {
        return state.drafts.count();
    }

    /**
     * @return copies in Sent Items now, of messages sent as drafts (a message whose send was accepted appears there
     *     after {@link SendingBehaviour#sentCopyDelay})
     */
    public int sentItems() {
        return state.drafts.sentCount(java.time.Instant.now());
    }

    /** @return what happens to a draft after its send was accepted; reset by {@link SandboxExtension} */
    public SendingBehaviour sending() {
        return state.sending;
    }

    /** @return upload sessions still open (neither completed, cancelled, nor ended with their draft) */
    public int openUploadSessions() {
        return state.uploads.count();
    }

    /**
     * Sets token counts, Graph request counts, concurrency peaks and 429 counts to 0, and forgets the request and
     * upload budgets used so far.
     */
    public void resetCounters() {
        state.resetCounters();
    }

    /** @return the fault queue for the next Graph requests */
    public Faults faults() {
        return state.faults;
    }

    /** @return the sandbox's clock, which tests move forward to let tokens and codes expire */
    public SandboxClock clock() {
        return state.clock;
    }

    /** @return device code approval, session revocation and the delegated flows' knobs */
    public Delegation delegation() {
        return state.delegation;
    }

    /** Makes every access token issued so far fail with 401 InvalidAuthenticationToken. */
    public void revokeIssuedTokens() {
        state.tokens.revokeAll();
    }

    /** Stops the servers (HTTPS and SMTP) and their threads and deletes the truststore. */
    @Override
    public void close() {
        smtp.close();
        server.stop(0);
        executor.shutdownNow();
        data.close();
    }

    @Override
    public String toString() {
        return "Sandbox[" + baseUrl() + "]";
    }
}
