package io.graphmail.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * What happens to a draft after {@code POST .../messages/{id}/send} was accepted (docs/graph-behaviour.md §2.2, §3), where
 * Microsoft's documentation is vague or contradicts itself, so tests can choose. Changed at run time, like faults;
 * {@link SandboxExtension} restores the defaults before each test.
 *
 * <ul>
 * <li>{@link #sentCopyDelay(Duration)}: the Sent Items copy "is not created until the message successfully sends,
 *     which may take time" [IMM]. Default 0: the copy exists as soon as the send is accepted.</li>
 * <li>{@link #inTransit(InTransit)}: what a GET by id answers while the message is on its way. The documentation says
 *     only that getting the Sent Items copy "may not succeed" then [IMM], and change notifications for such items
 *     are reported to fail with ErrorItemNotFound (microsoftgraph/microsoft-graph-docs#11068): default
 *     {@link InTransit#NOT_FOUND}. {@link InTransit#OUTBOX} shows the item as Outlook does while it waits in the
 *     Outbox: still marked as a draft, but no longer in Drafts.</li>
 * <li>{@link #sentCopyKeepsImmutableId(boolean)}: the immutable-id page says the draft's immutable id finds the Sent
 *     Items copy [IMM]; the mail API overview says immutable ids survive moves "with the exception of sending a draft
 *     message", and users report a different id after sending (microsoftgraph/microsoft-graph-docs-contrib#3767,
 *     microsoftgraph/microsoft-graph-docs#1533). Default true (the documented pattern); false gives the sent copy a
 *     new id, so the draft's id answers 404 for ever.</li>
 * </ul>
 */
public final class SendingBehaviour {
    /** What a GET by id answers for a message accepted for sending whose Sent Items copy does not exist yet. */
    public enum InTransit {
        /** 404 ErrorItemNotFound. */
        NOT_FOUND,
        /** 200, {@code isDraft: true}, {@code parentFolderId} = the Outbox. */
        OUTBOX
    }

    private Duration sentCopyDelay = Duration.ZERO;
    private InTransit inTransit = InTransit.NOT_FOUND;
    private boolean sentCopyKeepsImmutableId = true;

    SendingBehaviour() {
    }

    /** @param delay how long after an accepted send the Sent Items copy appears @return this */
    public synchronized SendingBehaviour sentCopyDelay(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("sentCopyDelay must be zero or positive");
        }
        this.sentCopyDelay = delay;
        return this;
    }

    /** @param answer what a GET by id answers until the Sent Items copy exists @return this */
    public synchronized SendingBehaviour inTransit(InTransit answer) {
        this.inTransit = Objects.requireNonNull(answer, "inTransit");
        return this;
    }

    /** @param keeps whether a draft created with an immutable id keeps it in Sent Items @return this */
    public synchronized SendingBehaviour sentCopyKeepsImmutableId(boolean keeps) {
        this.sentCopyKeepsImmutableId = keeps;
        return this;
    }

    /** Restores the defaults: no delay, 404 while in transit, the immutable id kept. */
    public synchronized void reset() {
        sentCopyDelay = Duration.ZERO;
        inTransit = InTransit.NOT_FOUND;
        sentCopyKeepsImmutableId = true;
    }

    synchronized Duration sentCopyDelay() {
        return sentCopyDelay;
    }

    synchronized InTransit inTransit() {
        return inTransit;
    }

    synchronized boolean sentCopyKeepsImmutableId() {
        return sentCopyKeepsImmutableId;
    }
}
