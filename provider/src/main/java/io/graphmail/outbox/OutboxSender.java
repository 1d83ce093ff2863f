package io.graphmail.outbox;

import io.graphmail.engine.FailureKind;
import io.graphmail.engine.Mailer;
import io.graphmail.engine.SendOutcome;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * Delivers what an {@link Outbox} holds, through the configuration's engine. Each pass claims due rows (queued and due,
 * or sending with an expired lease: its node died) and settles each:
 * <ul>
 * <li>a row with a recorded draft is looked at (sent: done; still a draft: sent now; unknown: again later);</li>
 * <li>otherwise it is sent as a recorded draft (Mail.ReadWrite), so that a crash or an unclear answer can be settled
 *     without a second copy; without Mail.ReadWrite it goes through sendMail, and an unclear answer is final:
 *     {@code uncertain}, never resent;</li>
 * <li>a refusal about the message fails it; a configuration problem or an outage is retried with back-off (Graph's
 *     Retry-After when longer) from one minute to six hours, until {@code mail.graph.outbox.maxage} fails it with its
 *     last error.</li>
 * </ul>
 * Sent rows are purged after {@code mail.graph.outbox.keep}. Nothing else is ever deleted.
 */
public final class OutboxSender {

    static final Duration FIRST_BACKOFF = Duration.ofMinutes(1);
    static final Duration LONGEST_BACKOFF = Duration.ofHours(6);
    private static final int BATCH = 16;
    private static final System.Logger LOG = System.getLogger(OutboxSender.class.getName());

    private final Outbox outbox;
    private final Mailer mailer;
    /**
     * Only parses stored messages. One for all rows: a new Session reads its provider and address-map files from the
     * class path each time, and on Payara 6.2025 every such read through an application's class loader stays in the
     * heap (docs/reliability.md, soak).
     */
    private final Session parsing = Session.getInstance(new Properties());
    private final String node;
    private final Duration lease;
    private volatile boolean readWrite = true;
    private final int parallel;
    private io.graphmail.engine.WorkRunner.Pool workers;   // guarded by this
    private final io.graphmail.engine.WorkRunner runner;
    /** For tests: runs after a draft was recorded, before its send (a node pausing or dying there). */
    volatile Runnable afterDraftRecorded = () -> { };

    /**
     * @param lease how long a claimed row is this node's; after that another node may take it over
     */
    public OutboxSender(Outbox outbox, Mailer mailer, Duration lease) {
        this(outbox, mailer, lease, io.graphmail.engine.WorkRunner.THREADS);
    }

    /** @param runner where the concurrent sends run (the server's managed threads in a resource adapter) */
    public OutboxSender(Outbox outbox, Mailer mailer, Duration lease, io.graphmail.engine.WorkRunner runner) {
        this.runner = runner;
        this.outbox = outbox;
        this.mailer = mailer;
        this.parallel = mailer.settings().concurrency();
        this.node = UUID.randomUUID().toString();
        this.lease = lease;
    }

    /**
     * Claims the rows due now and settles each.
     *
     * @return how many rows were claimed
     * @throws SQLException when the database cannot be reached (nothing is lost: the rows wait)
     */
    public int drainOnce() throws SQLException {
        outbox.ensureTable();
        List<Claim> claimed = claim();
        if (claimed.size() <= 1 || parallel <= 1) {
            claimed.forEach(this::settleOrLog);
        } else {
            // as many at once as the mailbox takes (mail.graph.concurrency): the engine's limiter keeps it there
            List<java.util.concurrent.CompletableFuture<Void>> running = new ArrayList<>();
            for (Claim claim : claimed) {
                running.add(java.util.concurrent.CompletableFuture.runAsync(() -> settleOrLog(claim), workers()));
            }
            try {
                java.util.concurrent.CompletableFuture.allOf(running.toArray(new java.util.concurrent.CompletableFuture[0]))
                        .get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException e) {
                // settleOrLog logs its own failures
            }
        }
        purge();
        return claimed.size();
    }

    private void settleOrLog(Claim claim) {
        try {
            settle(claim.id, claim.takenOver);
        } catch (SQLException | IOException | MessagingException | RuntimeException e) {
            // the lease runs out and the row is taken up again; say why
            LOG.log(System.Logger.Level.WARNING, "graphmail outbox: row " + claim.id + " could not be settled now ("
                    + e.getMessage() + "); it is tried again when its lease ends");
        }
    }

    private synchronized io.graphmail.engine.WorkRunner.Pool workers() {
        if (workers == null) {
            workers = runner.pool("graphmail-outbox-send", parallel);
        }
        return workers;
    }

    /** Lets go of the sending threads; a pass in progress finishes first. */
    public synchronized void close() {
        if (workers != null) {
            workers.close();
            workers = null;
        }
    }

    /** A row this node claimed; {@code takenOver}: from a node whose lease ended while the row was being sent. */
    private record Claim(String id, boolean takenOver) {
    }

    private List<Claim> claim() throws SQLException {
        long now = outbox.clock().millis();
        OutboxTable t = outbox.table();
        List<Claim> due = new ArrayList<>();
        List<Claim> claimed = new ArrayList<>();
        try (Connection c = outbox.database().own()) {
            try (PreparedStatement s = c.prepareStatement(t.selectDue)) {
                s.setMaxRows(BATCH);
                s.setString(1, outbox.configKey());
                s.setLong(2, now);
                s.setLong(3, now);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) due.add(new Claim(r.getString(1), "sending".equals(r.getString(2))));
                }
            }
            try (PreparedStatement queued = c.prepareStatement(t.claimQueued);
                 PreparedStatement expired = c.prepareStatement(t.claimExpired)) {
                for (Claim row : due) {
                    PreparedStatement s = row.takenOver ? expired : queued;
                    s.setString(1, node);
                    s.setLong(2, now + lease.toMillis());
                    s.setLong(3, now);
                    s.setString(4, row.id);
                    s.setLong(5, now);
                    if (s.executeUpdate() == 1) claimed.add(row);   // 0: another node was first
                }
            }
        }
        return claimed;
    }

    private void settle(String id, boolean takenOver) throws SQLException, IOException, MessagingException {
        Stored row = load(id);
        long now = outbox.clock().millis();
        if (now - row.created >= outbox.settings().maxAge().toMillis()) {
            finish(id, "failed", "not delivered within mail.graph.outbox.maxage=" + outbox.settings().maxAge()
                    + (row.lastError == null ? "" : "; last error: " + row.lastError), null);
            return;
        }
        if (row.draftId != null) {
            record(id, row, mailer.resumeDraft(row.mailbox, row.draftId), true);
            return;
        }
        try (Spool mime = row.mime) {
            MimeMessage message;
            try (InputStream in = mime.open()) {
                message = new MimeMessage(parsing, in);
                Address[] envelope = InternetAddress.parse(row.envelope, false);
                boolean[] recorded = {false};
                SendOutcome outcome;
                if (readWrite) {
                    outcome = mailer.sendRecorded(message, envelope, row.fallbackMailbox, (mailbox, draftId) -> {
                        recordDraft(id, mailbox, draftId);
                        recorded[0] = true;
                        row.mailbox = mailbox;
                        row.draftId = draftId;
                        afterDraftRecorded.run();
                    });
                    if (!recorded[0] && "ErrorAccessDenied".equals(outcome.graphCode())) {
                        // no Mail.ReadWrite: sendMail, at most once
                        readWrite = false;
                        if (takenOver) {
                            abandoned(id);
                            return;
                        }
                        outcome = mailer.sendNow(message, envelope, row.fallbackMailbox);
                    }
                } else if (takenOver) {
                    abandoned(id);
                    return;
                } else {
                    outcome = mailer.sendNow(message, envelope, row.fallbackMailbox);
                }
                record(id, row, outcome, recorded[0]);
            }
        }
    }

    /**
     * A row whose node stopped mid-send (its lease ended), with no draft to look at: that node may have handed it to
     * sendMail already, so sending it again could deliver a second copy.
     */
    private void abandoned(String id) throws SQLException {
        finish(id, "uncertain", "the node sending it stopped before it was settled (its lease ended); without"
                + " Mail.ReadWrite there is no draft to tell whether Graph received it: check the mailbox's Sent Items",
                null);
    }

    /** Turns an outcome into the row's next state. */
    private void record(String id, Stored row, SendOutcome outcome, boolean recordedDraft) throws SQLException {
        switch (outcome.status()) {
            case DELIVERED, STORED -> delivered(id, outcome.requestId());
            case UNCERTAIN -> {
                if (recordedDraft) {
                    retryLater(id, row.attempts, outcome, row.draftId, null);   // the draft decides, later
                } else {
                    finish(id, "uncertain", outcome.text(), outcome.requestId());
                }
            }
            case REFUSED -> {
                FailureKind kind = FailureKind.of(outcome.exception());
                if (kind == FailureKind.REFUSED) {
                    finish(id, "failed", outcome.text(), outcome.requestId());
                } else {
                    // the engine deleted any draft of this attempt: the next one starts afresh
                    retryLater(id, row.attempts, outcome, null, outcome.retryAfter());
                }
            }
        }
    }

    private void recordDraft(String id, String mailbox, String draftId) throws IOException {
        try (Connection c = outbox.database().own(); PreparedStatement s = c.prepareStatement(outbox.table().recordDraft)) {
            s.setString(1, mailbox);
            s.setString(2, draftId);
            s.setLong(3, outbox.clock().millis());
            s.setString(4, id);
            s.setString(5, node);
            if (s.executeUpdate() != 1) {
                throw new IOException("this node's lease on outbox row " + id + " ended before the send: another"
                        + " node has it");
            }
        } catch (SQLException e) {
            throw new IOException("the draft of outbox row " + id + " could not be recorded: " + e.getMessage(), e);
        }
    }

    private void delivered(String id, String requestId) throws SQLException {
        update(outbox.table().delivered, requestIdColumn(requestId), outbox.clock().millis(), id, node);
    }

    /**
     * What fits the request_id column: Graph's request-ids do, an SMTP server's reply (which stands for one on that
     * wire, e.g. {@code 250 2.0.0 OK <id> [Hostname=...]}) may not; a row must be marked sent whatever its length.
     */
    static String requestIdColumn(String requestId) {
        return requestId == null || requestId.length() <= 64 ? requestId : requestId.substring(0, 64);
    }

    private void retryLater(String id, int attempts, SendOutcome outcome, String draftId, Duration retryAfter)
            throws SQLException {
        Duration wait = backoff(attempts, retryAfter);
        update(outbox.table().retryLater, outbox.clock().millis() + wait.toMillis(), truncate(outcome.text()),
                draftId, outbox.clock().millis(), id, node);
    }

    private void finish(String id, String state, String error, String requestId) throws SQLException {
        update(outbox.table().finished, state, truncate(error), requestIdColumn(requestId), outbox.clock().millis(), id,
                node);
        if (!"sent".equals(state)) {
            LOG.log(System.Logger.Level.WARNING, "graphmail outbox: row " + id + " is " + state + ": " + error);
        }
    }

    /** One minute, doubling per attempt, at most six hours; never shorter than Graph asked. */
    static Duration backoff(int attempts, Duration retryAfter) {
        Duration d = FIRST_BACKOFF.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        if (d.compareTo(LONGEST_BACKOFF) > 0) d = LONGEST_BACKOFF;
        return retryAfter != null && retryAfter.compareTo(d) > 0 ? retryAfter : d;
    }

    private void purge() throws SQLException {
        try (Connection c = outbox.database().own(); PreparedStatement s = c.prepareStatement(outbox.table().purge)) {
            s.setLong(1, outbox.clock().millis() - outbox.settings().keep().toMillis());
            s.executeUpdate();
        }
    }

    private void update(String sql, Object... values) throws SQLException {
        try (Connection c = outbox.database().own(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            s.executeUpdate();
        }
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
    }

    /** A claimed row as stored. */
    private static final class Stored {
        String fallbackMailbox;
        String envelope;
        Spool mime;
        int attempts;
        long created;
        String mailbox;
        String draftId;
        String lastError;
    }

    private Stored load(String id) throws SQLException, IOException {
        try (Connection c = outbox.database().own(); PreparedStatement s = c.prepareStatement(outbox.table().load)) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) throw new SQLException("outbox row " + id + " vanished");
                Stored row = new Stored();
                row.fallbackMailbox = r.getString(1);
                row.envelope = new String(r.getBytes(2), StandardCharsets.UTF_8);
                row.attempts = r.getInt(3);
                row.created = r.getLong(4);
                row.mailbox = r.getString(5);
                row.draftId = r.getString(6);
                row.lastError = r.getString(7);
                if (row.draftId == null) {   // else the draft holds the message now
                    row.mime = new Spool();
                    try {
                        readMime(c, id, r, row.mime);
                    } catch (SQLException | IOException | RuntimeException e) {
                        row.mime.close();
                        throw e;
                    }
                }
                return row;
            }
        }
    }

    /**
     * Copies a row's message to the spool: from its parts on PostgreSQL and MySQL/MariaDB, a part at a time, else (and
     * for a row stored by a release before the parts) from the row's {@code mime} column, which the other databases
     * stream.
     */
    private void readMime(Connection c, String id, ResultSet r, Spool to) throws SQLException, IOException {
        MimeParts parts = outbox.parts();
        long size = parts == null ? 0 : parts.read(c, id, to);
        if (size == 0) {
            try (InputStream in = r.getBinaryStream(8)) {
                size = in.transferTo(to);
            }
        }
        if (size != r.getLong(9)) {
            throw new SQLException("outbox row " + id + " holds " + size + " bytes of its " + r.getLong(9)
                    + "-byte message");
        }
    }

    /** This node's name in the table's {@code owner} column. */
    String node() {
        return node;
    }

    @Override
    public String toString() {
        return "OutboxSender[" + outbox + ", node " + node + "]";
    }
}
