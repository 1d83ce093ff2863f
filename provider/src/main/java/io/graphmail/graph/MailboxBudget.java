package io.graphmail.graph;

import java.time.Duration;

/**
 * Graph's per-app-and-mailbox budgets that graphmail paces itself to (docs/graph-behaviour.md §4): requests per
 * window and bytes of request bodies per window. Concurrency is the third limit and is
 * {@code mail.graph.concurrency}.
 *
 * @param requests     requests per {@code requestWindow}
 * @param requestWindow the request window
 * @param uploadBytes  bytes of request bodies per {@code uploadWindow}
 * @param uploadWindow the upload window
 */
public record MailboxBudget(int requests, Duration requestWindow, long uploadBytes, Duration uploadWindow) {

    /** Graph's figures: 10,000 requests per 10 minutes, 150 MB (read as MiB) per 5 minutes. */
    public static final MailboxBudget GRAPH = new MailboxBudget(10_000, Duration.ofMinutes(10),
            150L * 1024 * 1024, Duration.ofMinutes(5));

    /** @throws IllegalArgumentException when a figure is not positive */
    public MailboxBudget {
        if (requests < 1 || uploadBytes < 1 || requestWindow == null || uploadWindow == null
                || requestWindow.isNegative() || requestWindow.isZero()
                || uploadWindow.isNegative() || uploadWindow.isZero()) {
            throw new IllegalArgumentException("a mailbox budget needs positive counts and windows");
        }
    }
}
