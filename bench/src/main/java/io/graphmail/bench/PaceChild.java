package io.graphmail.bench;

import io.graphmail.auth.Credentials;
import io.graphmail.auth.TokenSource;
import io.graphmail.graph.GraphClient;
import io.graphmail.graph.HttpClients;
import io.graphmail.graph.MailboxBudget;
import io.graphmail.graph.MailboxLimiter;
import io.graphmail.graph.RetryPolicy;
import io.graphmail.graph.Waits;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One node of the pacing bench: a configuration of its own (token source, HTTP client, mailbox limiter) that sends
 * small messages to one mailbox from {@code threads} threads as fast as graphmail's pace lets it, from
 * {@code startAt} to {@code stopAt} (epoch milliseconds, the same for every node), then prints one {@code RESULT}
 * line and exits. It drives graphmail's Graph client, the layer that paces, with the sandbox's (compressed) request
 * budget, which a Mailer cannot be told today (docs/performance.md, "Pacing at Graph's limits").
 *
 * <p>Arguments: {@code mailPropertiesFile nodeName requests windowMillis threads startAt stopAt}.
 */
public final class PaceChild {
    private PaceChild() {
    }

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[0]))) {
            p.load(in);
        }
        String node = args[1];
        int requests = Integer.parseInt(args[2]);
        Duration window = Duration.ofMillis(Long.parseLong(args[3]));
        int threads = Integer.parseInt(args[4]);
        long startAt = Long.parseLong(args[5]);
        long stopAt = Long.parseLong(args[6]);
        String mailbox = p.getProperty("mail.graph.user");
        Duration timeout = Duration.ofSeconds(30);
        HttpClients.Lease http = HttpClients.lease(Path.of(p.getProperty("mail.graph.ssl.truststore")),
            p.getProperty("mail.graph.ssl.truststore.password"), Duration.ofSeconds(10), "mail.graph.ssl.truststore");
        TokenSource tokens = new TokenSource(URI.create(p.getProperty("mail.graph.authority")),
            p.getProperty("mail.graph.tenant"), p.getProperty("mail.graph.client.id"),
            Credentials.secret(p.getProperty("mail.graph.client.secret")),
            p.getProperty("mail.graph.endpoint") + "/.default", http.client(), timeout, Clock.systemUTC());
        MailboxLimiter limiter = new MailboxLimiter(4, new MailboxBudget(requests, window,
            MailboxBudget.GRAPH.uploadBytes(), MailboxBudget.GRAPH.uploadWindow()));
        RetryPolicy retry = new RetryPolicy(4, Duration.ofMillis(500));
        GraphClient graph = new GraphClient(URI.create(p.getProperty("mail.graph.endpoint")), http::client, tokens,
            limiter, retry, timeout, Waits.SYSTEM);
        tokens.token();   // the token before the start, as a running node has one
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger sequence = new AtomicInteger();
        Thread.sleep(Math.max(0, startAt - System.currentTimeMillis()));
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                while (System.currentTimeMillis() < stopAt) {
                    String mime = "From: " + mailbox + "\r\nTo: bob@contoso.example\r\nSubject: " + node + " "
                        + sequence.incrementAndGet() + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n"
                        + "Paced.\r\n";
                    byte[] body = Base64.getEncoder().encode(mime.getBytes(StandardCharsets.US_ASCII));
                    try {
                        graph.post(mailbox, "sendMail", "text/plain", () -> HttpRequest.BodyPublishers.ofByteArray(body));
                        sent.incrementAndGet();
                    } catch (Exception e) {   // refused after its retries, or uncertain: counted, not resent
                        failed.incrementAndGet();
                    }
                }
            }, "pace-" + t);
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        System.out.println("RESULT node=" + node + " sent=" + sent.get() + " failed=" + failed.get()
            + " throttled=" + retry.throttled() + " retried=" + retry.retried());
        System.out.flush();
        System.exit(0);
    }
}
