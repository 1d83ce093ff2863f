package io.graphmail.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The queues of faults waiting for the next Graph requests, the next upload chunks and the next token requests. Upload chunks have their own queue because they go to another host (the pre-authenticated upload URL)
 * and fail on their own there.
 */
public final class Faults {
    private final Deque<Fault> queue = new ArrayDeque<>();
    private final Deque<Fault> uploads = new ArrayDeque<>();
    private final Deque<Fault> tokens = new ArrayDeque<>();
    private final Deque<Fault> smtp = new ArrayDeque<>();

    Faults() {
    }

    /**
     * Queues a fault for the next {@code count} Graph requests, after any already queued.
     *
     * @param count how many requests get it
     * @param fault the fault
     */
    public synchronized void next(int count, Fault fault) {
        if (count < 0 || fault == null) {
            throw new IllegalArgumentException("count must be >= 0 and fault non-null");
        }
        for (int i = 0; i < count; i++) {
            queue.addLast(fault);
        }
    }

    /**
     * Queues a fault for the next {@code count} chunk PUTs to upload URLs: a throttle (429) or unavailable (503) fault
     * refuses the chunk without storing it, a latency fault delays it; gateway timeouts are not
     * offered, because what the service then expects next is undocumented (docs/graph-behaviour.md §2.4).
     *
     * @param count how many chunks get it
     * @param fault the fault
     */
    public synchronized void nextUploadChunks(int count, Fault fault) {
        if (count < 0 || fault == null || !(fault.kind() == Fault.Kind.THROTTLE
            || fault.kind() == Fault.Kind.UNAVAILABLE || fault.kind() == Fault.Kind.LATENCY)) {
            throw new IllegalArgumentException("count must be >= 0 and fault a throttle, unavailable or latency fault");
        }
        for (int i = 0; i < count; i++) {
            uploads.addLast(fault);
        }
    }

    /**
     * Queues a fault for the next {@code count} token requests: unavailable (503 {@code temporarily_unavailable}, as
     * the identity platform answers when it is failing), a reset (no answer), or latency.
     *
     * @param count how many token requests get it
     * @param fault the fault
     */
    public synchronized void nextTokenRequests(int count, Fault fault) {
        if (count < 0 || fault == null || !(fault.kind() == Fault.Kind.UNAVAILABLE
            || fault.kind() == Fault.Kind.RESET_BEFORE_ACCEPT || fault.kind() == Fault.Kind.LATENCY)) {
            throw new IllegalArgumentException("count must be >= 0 and fault an unavailable, reset or latency fault");
        }
        for (int i = 0; i < count; i++) {
            tokens.addLast(fault);
        }
    }

    /**
     * Queues a fault for the next {@code count} messages submitted over SMTP, applied once the message's data has
     * arrived: throttle ({@code 451 4.7.0}) and unavailable ({@code 421 4.3.2}, then the connection closes) refuse it,
     * a reset drops the connection without an answer (before or after the message was captured: the client cannot
     * tell which), latency delays the answer.
     *
     * @param count how many SMTP messages get it
     * @param fault the fault
     */
    public synchronized void nextSmtpMessages(int count, Fault fault) {
        if (count < 0 || fault == null || fault.kind() == Fault.Kind.GATEWAY_TIMEOUT_AFTER_ACCEPT
            || fault.kind() == Fault.Kind.GATEWAY_TIMEOUT_BEFORE_ACCEPT) {
            throw new IllegalArgumentException("count must be >= 0 and fault a throttle, unavailable, reset, "
                + "reset-after-accept or latency fault (SMTP has no gateway timeout)");
        }
        for (int i = 0; i < count; i++) {
            smtp.addLast(fault);
        }
    }

    /** Drops every queued fault. */
    public synchronized void clear() {
        queue.clear();
        uploads.clear();
        tokens.clear();
        smtp.clear();
    }

    /** @return how many faults still wait, for Graph requests and upload chunks together (a test's proof they hit) */
    public synchronized int queued() {
        return queue.size() + uploads.size() + tokens.size() + smtp.size();
    }

    /** @return the faults waiting for Graph requests, then those waiting for upload chunks, in order */
    synchronized java.util.List<String> describe() {
        java.util.List<String> out = new java.util.ArrayList<>();
        queue.forEach(f -> out.add("graph: " + f.describe()));
        uploads.forEach(f -> out.add("upload chunk: " + f.describe()));
        tokens.forEach(f -> out.add("token request: " + f.describe()));
        smtp.forEach(f -> out.add("smtp message: " + SmtpReplies.describe(f)));
        return out;
    }

    /** @return the fault for the upload chunk now arriving, or null */
    synchronized Fault pollUpload() {
        return uploads.pollFirst();
    }

    /** @return the fault for the SMTP message whose data just arrived, or null */
    synchronized Fault pollSmtp() {
        return smtp.pollFirst();
    }

    /** @return the fault for the token request now arriving, or null */
    synchronized Fault pollToken() {
        return tokens.pollFirst();
    }

    /** @return the fault for the request now arriving, or null */
    synchronized Fault poll() {
        return queue.pollFirst();
    }
}
