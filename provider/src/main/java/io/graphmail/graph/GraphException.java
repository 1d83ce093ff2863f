package io.graphmail.graph;

/**
 * A Graph request failed. {@link #outcome()} tells the caller whether the message may have been accepted anyway, which
 * decides whether resending could deliver it twice.
 */
public final class GraphException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What is known about the request when it failed. */
    public enum Outcome {
        /** Graph answered with an error: nothing was accepted. */
        REJECTED,
        /** The request never reached Graph (connection refused, DNS, TLS): nothing was accepted. */
        NOT_SENT,
        /** The request was sent but no clear answer came back (timeout, reset, 504): it may have been accepted. */
        UNCERTAIN
    }

    private final Outcome outcome;
    private final transient GraphError error;

    public GraphException(Outcome outcome, String message, GraphError error, Throwable cause) {
        super(message, cause);
        this.outcome = outcome;
        this.error = error;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** Graph's error, or null when there was no answer. */
    public GraphError error() {
        return error;
    }
}
