package io.graphmail.sandbox;

import java.time.Duration;
import java.util.Objects;

/** A failure (or delay) the sandbox injects into a Graph request, as the real service sometimes does (contract §4). */
public final class Fault {
    /** What the fault does. */
    enum Kind { THROTTLE, UNAVAILABLE, GATEWAY_TIMEOUT_AFTER_ACCEPT, GATEWAY_TIMEOUT_BEFORE_ACCEPT, LATENCY,
        RESET_BEFORE_ACCEPT, RESET_AFTER_ACCEPT }

    private final Kind kind;
    private final Integer retryAfterSeconds;
    private final Duration delay;

    private Fault(Kind kind, Integer retryAfterSeconds, Duration delay) {
        this.kind = kind;
        this.retryAfterSeconds = retryAfterSeconds;
        this.delay = delay;
    }

    /**
     * @param retryAfterSeconds the Retry-After header, or null to send none
     * @return 429 TooManyRequests
     */
    public static Fault throttle(Integer retryAfterSeconds) {
        return new Fault(Kind.THROTTLE, retryAfterSeconds, Duration.ZERO);
    }

    /**
     * @param retryAfterSeconds the Retry-After header, or null to send none
     * @return 503 ServiceUnavailable
     */
    public static Fault serviceUnavailable(Integer retryAfterSeconds) {
        return new Fault(Kind.UNAVAILABLE, retryAfterSeconds, Duration.ZERO);
    }

    /** @return a fault that lets the request succeed (the message is captured) but answers 504 GatewayTimeout */
    public static Fault gatewayTimeoutAfterAccept() {
        return new Fault(Kind.GATEWAY_TIMEOUT_AFTER_ACCEPT, null, Duration.ZERO);
    }

    /**
     * The other side of the same ambiguity: the request arrived, but the gateway gave up before the service acted on
     * it. The client sees exactly what {@link #gatewayTimeoutAfterAccept()} shows it (504 GatewayTimeout), yet
     * nothing happened: a draft whose send got this is still an unsent draft in Drafts (docs/graph-behaviour.md §3).
     *
     * @return a fault that answers 504 GatewayTimeout without handling the request
     */
    public static Fault gatewayTimeoutBeforeAccept() {
        return new Fault(Kind.GATEWAY_TIMEOUT_BEFORE_ACCEPT, null, Duration.ZERO);
    }

    /**
     * The connection breaks before the service acted on the request: the client gets no answer at all (an I/O error
     * after it sent the request), and nothing happened. On the token endpoint: the identity platform unreachable
     * mid-request.
     *
     * @return a fault that drops the connection without handling the request
     */
    public static Fault resetBeforeAccept() {
        return new Fault(Kind.RESET_BEFORE_ACCEPT, null, Duration.ZERO);
    }

    /**
     * The connection breaks after the service carried the request out (the message is captured): the client gets no
     * answer, exactly as with {@link #resetBeforeAccept()}, and cannot tell the two apart.
     *
     * @return a fault that handles the request, then drops the connection instead of answering
     */
    public static Fault resetAfterAccept() {
        return new Fault(Kind.RESET_AFTER_ACCEPT, null, Duration.ZERO);
    }

    /** @param delay how long to wait before handling the request normally @return a latency fault */
    public static Fault latency(Duration delay) {
        return new Fault(Kind.LATENCY, null, Objects.requireNonNull(delay, "delay"));
    }

    /** Waits out a latency fault's delay (an interrupt ends the wait early and is kept). */
    void pause() {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Kind kind() {
        return kind;
    }

    Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    Duration delay() {
        return delay;
    }

    /** @return what a client will see, in the words the web page shows */
    String describe() {
        return switch (kind) {
            case THROTTLE -> "429 TooManyRequests" + retryAfterText();
            case UNAVAILABLE -> "503 ServiceUnavailable" + retryAfterText();
            case GATEWAY_TIMEOUT_AFTER_ACCEPT -> "504 GatewayTimeout after the request was carried out";
            case GATEWAY_TIMEOUT_BEFORE_ACCEPT -> "504 GatewayTimeout, request not carried out";
            case LATENCY -> delay.toMillis() + " ms delay";
            case RESET_BEFORE_ACCEPT -> "connection reset, request not carried out";
            case RESET_AFTER_ACCEPT -> "connection reset after the request was carried out";
        };
    }

    private String retryAfterText() {
        return retryAfterSeconds == null ? ", no Retry-After" : ", Retry-After " + retryAfterSeconds + " s";
    }

    @Override
    public String toString() {
        return "Fault[" + kind + (retryAfterSeconds == null ? "" : ", retryAfter=" + retryAfterSeconds)
            + (delay.isZero() ? "" : ", delay=" + delay) + "]";
    }
}
