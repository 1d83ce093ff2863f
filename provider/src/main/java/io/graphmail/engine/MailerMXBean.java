package io.graphmail.engine;

/**
 * What one configuration's engine has done, for JMX (every application server shows it; Prometheus's JMX exporter
 * scrapes it). Registered as {@code io.graphmail:type=Mailer,tenant=...,client=...,id=N} while the engine lives.
 * Never shows a secret or a token.
 */
public interface MailerMXBean {

    /** Messages Graph accepted. */
    long getSent();

    /** Messages refused (nothing sent). */
    long getRefused();

    /** Messages whose delivery is uncertain. */
    long getUncertain();

    /** Messages stored in the outbox. */
    long getStored();

    /** Throttled answers (429, 503) that were waited out and retried. */
    long getThrottled();

    /** Retries made (after throttling or a failed upload chunk). */
    long getRetried();

    /** Outbox rows waiting or being sent; -1 without an outbox or when its database cannot be read. */
    long getQueued();

    /** Age in seconds of the oldest outbox row still waiting; 0 when none; -1 without an outbox. */
    long getOldestQueuedAgeSeconds();

    /** Outbox rows that failed; -1 without an outbox. */
    long getFailed();

    /** When the current access token expires (ISO-8601), or empty before the first. */
    String getTokenExpiry();

    /** The last failure's text, or empty. */
    String getLastError();

    /** When the last failure happened (ISO-8601), or empty. */
    String getLastErrorTime();

    /** Graph's request-id of the last failure, or empty. */
    String getLastErrorRequestId();
}
