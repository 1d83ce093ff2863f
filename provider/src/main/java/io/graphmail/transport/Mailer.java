package io.graphmail.transport;

import com.microsoft.aad.msal4j.IClientCredential;
import io.graphmail.auth.AccessToken;
import io.graphmail.auth.Credentials;
import io.graphmail.auth.TokenException;
import io.graphmail.auth.TokenSource;
import io.graphmail.config.GraphSettings;
import io.graphmail.graph.GraphClient;
import io.graphmail.graph.GraphException;
import io.graphmail.graph.HttpClients;
import io.graphmail.graph.MailboxLimiter;
import io.graphmail.graph.RetryPolicy;
import io.graphmail.graph.UploadSession;
import io.graphmail.mime.LargeParts;
import jakarta.mail.MessagingException;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;

/**
 * Everything one configuration shares across sessions, transports and threads: the HTTP client, the token cache and
 * the per-mailbox limits. Created once per distinct {@link GraphSettings} by {@link Mailers}.
 */
public final class Mailer {

    /** Graph's practical request limit (graph-contract §2): larger bodies need an upload session. */
    static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;

    private final GraphSettings settings;
    private final HttpClients.Lease httpLease;
    private final HttpClient http;
    private final TokenSource tokens;
    private final GraphClient graph;
    private final LargeSend large;

    Mailer(GraphSettings settings) throws IOException {
        this.settings = settings;
        this.httpLease = HttpClients.lease(settings.truststore(), settings.truststorePassword(),
                Duration.ofMillis(settings.connectionTimeoutMillis()), GraphSettings.TRUSTSTORE);
        this.http = httpLease.client();
        Duration timeout = Duration.ofMillis(settings.timeoutMillis());
        this.tokens = new TokenSource(settings.authority(), settings.tenant(), settings.clientId(), credential(settings),
                settings.scope(), http, timeout, Clock.systemUTC());
        MailboxLimiter limiter = new MailboxLimiter(settings.concurrency());
        RetryPolicy retry = new RetryPolicy(settings.retries(), Duration.ofMillis(500));
        this.graph = new GraphClient(settings.endpoint(), http, tokens, limiter, retry, timeout);
        this.large = new LargeSend(graph, new UploadSession(http, limiter, retry, timeout, UploadSession.MAX_CHUNK),
                new SentCheck(graph, timeout));
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

    /** Obtains (or reuses) a token: proves the credentials work. */
    public AccessToken verify() throws TokenException {
        return tokens.token();
    }

    /**
     * Submits base64 MIME through {@code POST /users/{mailbox}/sendMail}.
     *
     * @return Graph's request-id
     */
    public String sendMime(String mailbox, byte[] base64Mime) throws GraphException, TokenException {
        return graph.post(mailbox, "sendMail", "text/plain",
                () -> HttpRequest.BodyPublishers.ofByteArray(base64Mime)).requestId();
    }

    /**
     * Submits a message as JSON through {@code POST /users/{mailbox}/sendMail}: the form that can skip Sent Items.
     *
     * @param json the request body, {@code {"message":...,"saveToSentItems":false}}
     * @return Graph's request-id
     */
    public String sendJson(String mailbox, byte[] json) throws GraphException, TokenException {
        return graph.post(mailbox, "sendMail", "application/json",
                () -> HttpRequest.BodyPublishers.ofByteArray(json)).requestId();
    }

    /**
     * Sends a message over the request limit as a draft plus attachments (DESIGN step 4); needs Mail.ReadWrite.
     *
     * @return Graph's request-id of the final send
     */
    public String sendLarge(String mailbox, LargeParts plan)
            throws GraphException, TokenException, MessagingException, IOException {
        return large.send(mailbox, plan);
    }

    /**
     * Releases this configuration's use of its HTTP client, which is shared with every configuration of the same trust
     * store and connect timeout; the last one out stops the client's threads (the selector thread on Java 17 once the
     * client is unreachable). For a resource adapter that stops: nothing of this Mailer keeps running.
     */
    void close() {
        httpLease.close();
    }

    @Override
    public String toString() {
        return "Mailer[" + settings + "]";
    }
}
