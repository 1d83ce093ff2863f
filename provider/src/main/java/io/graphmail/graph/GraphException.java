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
    private final String advice;

    public GraphException(Outcome outcome, String message, GraphError error, Throwable cause) {
        this(outcome, message, error, cause, null);
    }

    private GraphException(Outcome outcome, String message, GraphError error, Throwable cause, String advice) {
        super(message, cause);
        this.outcome = outcome;
        this.error = error;
        this.advice = advice;
    }

    /**
     * The same failure with what to do about it, for when only the caller knows which step failed (a 403 on creating
     * a draft means a missing Mail.ReadWrite, the same 403 on sendMail a missing Mail.Send).
     */
    public GraphException withAdvice(String advice) {
        GraphException e = new GraphException(outcome, getMessage(), error, getCause(), advice);
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** What to do, when the step that failed decided it; null to let the caller judge by the error code. */
    public String advice() {
        return advice;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** Graph's error, or null when there was no answer. */
    public GraphError error() {
        return error;
    }
}
