package io.graphmail.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/** Everything the handlers share: the current configuration, issued tokens, counters, faults, captured mail. */
final class SandboxState {
    private final AtomicReference<SandboxConfig> config;
    private volatile String baseUrl = "";
    final AccessTokens tokens = new AccessTokens();
    final Faults faults = new Faults();
    final Concurrency concurrency = new Concurrency();
    final MailboxLimits limits = new MailboxLimits(System::nanoTime);
    final Drafts drafts = new Drafts();
    final UploadSessions uploads = new UploadSessions();
    final SendingBehaviour sending = new SendingBehaviour();
    final RequestLog requests = new RequestLog();
    final SandboxClock clock = new SandboxClock();
    /** SMTP sessions that signed in (235). */
    final java.util.concurrent.atomic.AtomicInteger smtpAuthentications = new java.util.concurrent.atomic.AtomicInteger();
    final Delegation delegation = new Delegation(this);
    private final List<Capture> messages = new ArrayList<>();
    private MailArchive archive;
    private long mailVersion;
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger graphRequests = new AtomicInteger();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final Map<String, AtomicInteger> tokenRequestsByClient = new ConcurrentHashMap<>();

    SandboxState(SandboxConfig config) {
        this.config = new AtomicReference<>(config);
    }

    SandboxConfig config() {
        return config.get();
    }

    /** Configuration is immutable: runtime additions build a new one and swap it in. */
    void updateConfig(UnaryOperator<SandboxConfig> change) {
        config.updateAndGet(change);
    }

    String baseUrl() {
        return baseUrl;
    }

    void baseUrl(String url) {
        this.baseUrl = url;
    }

    /**
     * Where upload URLs point: this server under another host name, as Outlook's upload host is another than
     * Graph's. Clients (Microsoft's SDK among them) send their token only to the hosts they were told are Graph's,
     * and an upload request that carries one is refused, so the two must differ for them as they do in production.
     */
    String uploadBaseUrl() {
        return baseUrl.replace("://127.0.0.1:", "://" + config().uploadHost() + ":");
    }

    void countTokenRequest(String clientId) {
        tokenRequests.incrementAndGet();
        if (clientId != null) {
            tokenRequestsByClient.computeIfAbsent(clientId, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    void countTokenIssued() {
        tokensIssued.incrementAndGet();
    }

    int tokensIssued() {
        return tokensIssued.get();
    }

    void countGraphRequest() {
        graphRequests.incrementAndGet();
    }

    int graphRequests() {
        return graphRequests.get();
    }

    int tokenRequests() {
        return tokenRequests.get();
    }

    int tokenRequests(String clientId) {
        AtomicInteger n = tokenRequestsByClient.get(clientId);
        return n == null ? 0 : n.get();
    }

    void resetCounters() {
        tokenRequests.set(0);
        graphRequests.set(0);
        tokensIssued.set(0);
        tokenRequestsByClient.clear();
        smtpAuthentications.set(0);
        concurrency.resetPeaks();
        limits.reset();
        requests.clear();
    }

    /** Keeps captured mail on disk from now on, after taking in what was kept before. */
    synchronized void keepMailIn(MailArchive archive) {
        this.archive = archive;
        messages.addAll(archive.load());
        changed();
    }

    synchronized void capture(Capture message) {
        messages.add(message);
        if (archive != null) {
            archive.save(message);
        }
        changed();
    }

    synchronized List<Capture> messages() {
        return List.copyOf(messages);
    }

    synchronized Capture message(String id) {
        return messages.stream().filter(m -> m.id().equals(id)).findFirst().orElse(null);
    }

    /** @return whether there was such a message */
    synchronized boolean deleteMessage(String id) {
        boolean removed = messages.removeIf(m -> m.id().equals(id));
        if (removed && archive != null) {
            archive.delete(id);
        }
        changed();
        return removed;
    }

    /** Forgets captured messages and the sender's copies of them (Sent Items, or on the way there). */
    synchronized void clearMessages() {
        messages.clear();
        drafts.removeSubmitted();
        if (archive != null) {
            archive.clear();
        }
        changed();
    }

    /** @return a number that changes whenever the captured mail does (the web page polls it) */
    synchronized long mailVersion() {
        return mailVersion;
    }

    /**
     * Waits until at least {@code count} messages were captured, or the wait is over.
     *
     * @return the messages, or null when the wait ended first
     */
    synchronized List<Capture> awaitMessages(int count, java.time.Duration wait) throws InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        while (messages.size() < count) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return List.copyOf(messages);
    }

    private void changed() {
        mailVersion++;
        notifyAll();
    }
}
