package io.graphmail.engine;

import java.io.IOException;

/**
 * Told the immutable id of a draft that is complete (attachments added) just before the engine asks Graph to send
 * it: an outbox stores it durably, so that after a crash or an unclear answer the draft's state can decide whether
 * the message went, instead of a resend that could deliver it twice.
 */
@FunctionalInterface
public interface DraftRecorder {

    /**
     * @throws IOException when the id cannot be recorded: the engine then deletes the draft and does not send it
     */
    void ready(String mailbox, String immutableId) throws IOException;
}
