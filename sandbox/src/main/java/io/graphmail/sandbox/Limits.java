package io.graphmail.sandbox;

import java.time.Duration;

/**
 * Graph's per-app-and-mailbox request and upload budgets (docs/graph-behaviour.md §4): by default 10,000 requests per
 * 10 minutes and 150 MB of request bodies per 5 minutes. {@link #timeScale()} compresses time so that a test sees the
 * same behaviour in seconds: it multiplies both windows and both budgets, so the allowed rate stays Graph's while a
 * whole window passes sooner (0.01: 100 requests per 6 s, 1.5 MB per 3 s). The concurrency limit is
 * {@link SandboxConfig#concurrencyPerMailbox()}, which time does not affect.
 *
 * @param requests requests per request window, before scaling
 * @param requestWindow the request window, before scaling
 * @param uploadBytes bytes of request bodies (POST, PATCH, PUT, upload chunks included) per upload window, before
 *     scaling
 * @param uploadWindow the upload window, before scaling
 * @param timeScale factor applied to both windows and both budgets, in (0, 1]
 */
public record Limits(int requests, Duration requestWindow, long uploadBytes, Duration uploadWindow, double timeScale) {
    /** Graph's requests per window per app and mailbox. */
    public static final int GRAPH_REQUESTS = 10_000;
    /** Graph's request window. */
    public static final Duration GRAPH_REQUEST_WINDOW = Duration.ofMinutes(10);
    /** Graph's upload budget per window per app and mailbox: 150 MB, read as 150 MiB. */
    public static final long GRAPH_UPLOAD_BYTES = 150L * 1024 * 1024;
    /** Graph's upload window. */
    public static final Duration GRAPH_UPLOAD_WINDOW = Duration.ofMinutes(5);

    /** @throws IllegalArgumentException naming the value out of range */
    public Limits {
        if (requests < 1) {
            throw new IllegalArgumentException("limits.requests must be >= 1");
        }
        if (uploadBytes < 1) {
            throw new IllegalArgumentException("limits.uploadBytes must be >= 1");
        }
        if (requestWindow == null || requestWindow.toMillis() < 1 || uploadWindow == null
            || uploadWindow.toMillis() < 1) {
            throw new IllegalArgumentException("limits windows must be at least 1 ms");
        }
        if (!(timeScale > 0 && timeScale <= 1)) {
            throw new IllegalArgumentException("limits.timeScale must be > 0 and <= 1");
        }
    }

    /** @return Graph's figures, unscaled */
    public static Limits graph() {
        return new Limits(GRAPH_REQUESTS, GRAPH_REQUEST_WINDOW, GRAPH_UPLOAD_BYTES, GRAPH_UPLOAD_WINDOW, 1);
    }

    /** @param scale the new {@link #timeScale()} @return these limits with it */
    public Limits withTimeScale(double scale) {
        return new Limits(requests, requestWindow, uploadBytes, uploadWindow, scale);
    }

    /** @param n requests per window @param window the window @return these limits with that request budget */
    public Limits withRequests(int n, Duration window) {
        return new Limits(n, window, uploadBytes, uploadWindow, timeScale);
    }

    /** @param bytes bytes per window @param window the window @return these limits with that upload budget */
    public Limits withUploadBytes(long bytes, Duration window) {
        return new Limits(requests, requestWindow, bytes, window, timeScale);
    }

    /** @return requests admitted per {@link #scaledRequestWindow()} (at least 1) */
    public int scaledRequests() {
        return (int) Math.max(1, Math.round(requests * timeScale));
    }

    /** @return the request window after scaling */
    public Duration scaledRequestWindow() {
        return scale(requestWindow);
    }

    /** @return bytes admitted per {@link #scaledUploadWindow()} (at least 1) */
    public long scaledUploadBytes() {
        return Math.max(1, Math.round(uploadBytes * timeScale));
    }

    /** @return the upload window after scaling */
    public Duration scaledUploadWindow() {
        return scale(uploadWindow);
    }

    private Duration scale(Duration d) {
        return Duration.ofNanos(Math.max(1_000_000, Math.round(d.toNanos() * timeScale)));
    }
}
