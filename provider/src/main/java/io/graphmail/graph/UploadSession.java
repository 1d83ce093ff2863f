package io.graphmail.graph;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Uploads one attachment to an Outlook upload session (docs/graph-behaviour.md §2.4): the bytes in order, in chunks
 * of at most 4 MB, each a {@code PUT} with {@code Content-Range}. The upload URL is pre-authenticated and lives on
 * another host than Graph, so no {@code Authorization} header is sent: the Graph token is not valid there and leaks it.
 *
 * <p>Memory stays at one chunk buffer whatever the attachment's size. A chunk that fails with a retryable status
 * (429, 500, 502, 503, 504) or a broken connection is sent again from the position the service says it expects
 * ({@code nextExpectedRanges}), reopening the source when that position lies behind what was already read. Nothing
 * is delivered until the draft is sent, so repeating a chunk can never duplicate mail.
 */
public final class UploadSession {

    /** Graph's request limit, and so the largest chunk (docs/graph-behaviour.md §2.1). */
    public static final int MAX_CHUNK = 4 * 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(UploadSession.class.getName());

    /** Where the bytes come from; opened again from the start when an upload must go back. */
    @FunctionalInterface
    public interface Source {
        /** @return a new stream over the attachment's decoded bytes, from the first */
        InputStream open() throws IOException;
    }

    private final Exchange exchange;
    private final RetryPolicy retry;
    private final Duration timeout;
    private final int chunkSize;

    /**
     * @param limiter   the mailbox's concurrency limit, which uploads count against like any Outlook request
     * @param chunkSize bytes per PUT, at most {@link #MAX_CHUNK}
     */
    public UploadSession(HttpClient http, MailboxLimiter limiter, RetryPolicy retry, Duration timeout, int chunkSize,
                         Waits waits) {
        this(() -> http, limiter, retry, timeout, chunkSize, waits);
    }

    /** @param http the client, asked for on each request (a released lease no longer gives it) */
    public UploadSession(java.util.function.Supplier<HttpClient> http, MailboxLimiter limiter, RetryPolicy retry,
                         Duration timeout, int chunkSize, Waits waits) {
        if (chunkSize < 1 || chunkSize > MAX_CHUNK) {
            throw new IllegalArgumentException("chunk size must be 1.." + MAX_CHUNK + ": " + chunkSize);
        }
        this.exchange = new Exchange(http, limiter, waits);
        this.retry = retry;
        this.timeout = timeout;
        this.chunkSize = chunkSize;
    }

    /**
     * PUTs {@code size} bytes from {@code source} to {@code uploadUrl}.
     *
     * @param name the attachment's name, for error messages
     * @throws GraphException when the service refuses a chunk or stays unavailable after mail.graph.retries
     * @throws IOException    when the source cannot be read, or ends before {@code size} bytes
     */
    public void upload(String mailbox, URI uploadUrl, String name, long size, Source source)
            throws GraphException, IOException {
        byte[] buffer = new byte[(int) Math.min(chunkSize, Math.max(size, 1))];
        try (Reader reader = new Reader(source)) {
            long next = 0;
            int failures = 0;
            while (next < size) {
                int n = (int) Math.min(buffer.length, size - next);
                reader.read(next, buffer, n);
                HttpResponse<String> r;
                try {
                    r = put(mailbox, uploadUrl, buffer, n, next, size);
                } catch (IOException e) {
                    // the chunk may or may not have arrived: the next answer's nextExpectedRanges tells
                    failures = failed(failures, name, next, null, e);
                    continue;
                }
                int status = r.statusCode();
                if (status == 201) {
                    return;   // the last chunk: the attachment exists
                }
                Exchange.Answer answer = Exchange.Answer.of(status);
                if (answer == Exchange.Answer.SUCCESS) {
                    next = nextExpected(r.body(), next + n);
                    failures = 0;
                    continue;
                }
                GraphError error = GraphError.parse(status, r.headers(), r.body(), null);
                // a chunk is idempotent: whatever the service did with it, nextExpectedRanges says where to go on
                if (answer == Exchange.Answer.THROTTLED || answer == Exchange.Answer.AMBIGUOUS
                        || answer == Exchange.Answer.FAILED_TRANSIENTLY) {
                    failures = failed(failures, name, next, error, null);
                    next = nextExpected(r.body(), next);
                    continue;
                }
                throw new GraphException(GraphException.Outcome.REJECTED, "uploading attachment '" + name
                        + "' (bytes " + next + "-" + (next + n - 1) + " of " + size + ") failed: Graph answered "
                        + error, error, null);
            }
        }
    }

    /** Counts a retryable failure and waits before the retry, or gives up once mail.graph.retries is spent. */
    private int failed(int failures, String name, long at, GraphError error, IOException cause) throws GraphException {
        if (failures >= retry.retries()) {
            String what = error != null ? "Graph answered " + error : GraphClient.describe(cause);
            throw new GraphException(GraphException.Outcome.NOT_SENT, "uploading attachment '" + name + "' failed at"
                    + " byte " + at + " (" + what + ", still after " + retry.retries()
                    + " retries; mail.graph.retries)", error, cause);
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "upload of " + name + " at byte " + at + " failed ("
                + (error != null ? error : GraphClient.describe(cause)) + "), retrying");
        retry.waitBeforeRetry(exchange.waits(), failures + 1, error, "uploading attachment '" + name + "'");
        return failures + 1;
    }

    private HttpResponse<String> put(String mailbox, URI url, byte[] buffer, int n, long start, long total)
            throws GraphException, IOException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/octet-stream")
                .header("Content-Range", "bytes " + start + "-" + (start + n - 1) + "/" + total)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(buffer, 0, n))
                .build();
        try {
            return exchange.send(mailbox, request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GraphException(GraphException.Outcome.NOT_SENT, "interrupted while uploading an attachment",
                    null, e);
        }
    }

    /**
     * Cancels the session ({@code DELETE} on the upload URL), best effort: the draft it belongs to is deleted too.
     *
     * @return whether the service confirmed it
     */
    public boolean cancel(String mailbox, URI uploadUrl) {
        try {
            HttpResponse<Void> r = exchange.send(mailbox, HttpRequest.newBuilder(uploadUrl).timeout(timeout).DELETE()
                    .build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2;
        } catch (GraphException | IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The first of {@code nextExpectedRanges} ("2097152" or "2097152-4194303"), else {@code otherwise}. */
    static long nextExpected(String body, long otherwise) {
        try {
            JsonNode ranges = body == null || body.isBlank() ? null : Json.mapper().readTree(body).get("nextExpectedRanges");
            if (ranges != null && ranges.isArray() && ranges.size() > 0) {
                String first = ranges.get(0).asText();
                int dash = first.indexOf('-');
                return Long.parseLong(dash < 0 ? first : first.substring(0, dash));
            }
        } catch (IOException | NumberFormatException ignored) {
            // an answer without a readable range: carry on from where the upload itself stands
        }
        return otherwise;
    }

    /** Reads the source forward; going back (after a retry) reopens it and skips, so only one chunk is in memory. */
    private static final class Reader implements AutoCloseable {
        private final Source source;
        private InputStream in;
        private long position;

        Reader(Source source) {
            this.source = source;
        }

        void read(long start, byte[] buffer, int n) throws IOException {
            if (in == null || start < position) {
                close();
                in = source.open();
                position = 0;
            }
            in.skipNBytes(start - position);
            position = start;
            int got = in.readNBytes(buffer, 0, n);
            position += got;
            if (got < n) {
                throw new IOException("the attachment ended at byte " + position + ", before its announced size");
            }
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
                in = null;
            }
        }
    }
}
