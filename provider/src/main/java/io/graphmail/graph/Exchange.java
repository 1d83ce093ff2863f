package io.graphmail.graph;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * One HTTP exchange with Graph or an upload URL, the same for sendMail, drafts, look-ups and upload chunks: it waits
 * until the mailbox's pace lets it go ({@link MailboxLimiter}), sends, tells the pace how it was answered, logs method, path, status, request-id and time (never a
 * header, a body or an upload URL's query, which holds a token), and classifies the answer.
 */
final class Exchange {

    private static final System.Logger LOG = System.getLogger(Exchange.class.getName());

    /** What an answer means for the request that got it. */
    enum Answer {
        /** 2xx. */
        SUCCESS,
        /** 429 or 503: wait (Retry-After) and send again. */
        THROTTLED,
        /** 401: the token was refused; a fresh one may work. */
        TOKEN_REFUSED,
        /** 504: the gateway stopped waiting; the service may have carried the request out. */
        AMBIGUOUS,
        /** 500 or 502: failed, and for an idempotent request (an upload chunk) worth sending again. */
        FAILED_TRANSIENTLY,
        /** Any other status: refused. */
        REFUSED;

        static Answer of(int status) {
            if (status >= 200 && status < 300) return SUCCESS;
            if (status == 429 || status == 503) return THROTTLED;
            if (status == 401) return TOKEN_REFUSED;
            if (status == 504) return AMBIGUOUS;
            if (status == 500 || status == 502) return FAILED_TRANSIENTLY;
            return REFUSED;
        }
    }

    private final java.util.function.Supplier<HttpClient> http;
    private final MailboxLimiter limiter;
    private final Waits waits;

    Exchange(java.util.function.Supplier<HttpClient> http, MailboxLimiter limiter, Waits waits) {
        this.http = http;
        this.limiter = limiter;
        this.waits = waits;
    }

    /**
     * Sends within the mailbox's limit.
     *
     * @throws GraphException       NOT_SENT when interrupted while waiting for a slot: nothing was sent
     * @throws InterruptedException while waiting for the answer: the request may have been carried out
     * @throws IOException          as {@link HttpClient#send}
     */
    <T> HttpResponse<T> send(String mailbox, HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws GraphException, IOException, InterruptedException {
        long bytes = request.bodyPublisher().map(HttpRequest.BodyPublisher::contentLength).orElse(0L);
        MailboxLimiter.Permit permit;
        try {
            permit = limiter.acquire(mailbox, Math.max(0, bytes), waits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GraphException(GraphException.Outcome.NOT_SENT, "interrupted while waiting for a free"
                    + " connection to mailbox " + mailbox, null, e);
        }
        long start = waits.nanoTime();
        int status = 0;
        Long retryAfter = null;
        try {
            HttpResponse<T> r = http.get().send(request, handler);
            status = r.statusCode();
            retryAfter = GraphError.retryAfter(r.headers()).isPresent()
                    ? GraphError.retryAfter(r.headers()).getAsLong() : null;
            LOG.log(System.Logger.Level.DEBUG, () -> request.method() + " " + request.uri().getPath() + " -> "
                    + r.statusCode() + " request-id " + r.headers().firstValue("request-id").orElse("-")
                    + " in " + (waits.nanoTime() - start) / 1_000_000 + " ms");
            return r;
        } finally {
            permit.finish(status, retryAfter);
        }
    }

    Waits waits() {
        return waits;
    }
}
