package io.graphmail.outbox;

import io.graphmail.config.GraphSettings;
import io.graphmail.config.OutboxSettings;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The outbox of one configuration: a table in the application's database where each send is stored, durably and in
 * the caller's transaction when there is one, before a background {@link OutboxSender} delivers it through the engine.
 * Every node of a cluster that shares the database drains the same table; a row is claimed with a lease, so no two
 * nodes send it, and a node that dies loses its lease to another.
 */
public final class Outbox {

    private final OutboxSettings settings;
    private final OutboxDatabase database;
    private final OutboxTable table;
    private final String configKey;
    private final Clock clock;
    private volatile boolean created;
    /** Where messages go on PostgreSQL and MySQL/MariaDB; null on databases that take a whole message in the row. */
    private volatile MimeParts parts;

    /**
     * @param settings the configuration the outbox belongs to; its rows carry a key of the tenant, app, endpoint and
     *                 mailbox (never a secret), so that configurations sharing one table each deliver their own
     */
    public Outbox(GraphSettings settings, Clock clock) {
        this.settings = settings.outbox();
        this.database = new OutboxDatabase(this.settings);
        this.table = new OutboxTable(this.settings.table());
        this.configKey = key(settings);
        this.clock = clock;
    }

    OutboxSettings settings() {
        return settings;
    }

    OutboxDatabase database() {
        return database;
    }

    OutboxTable table() {
        return table;
    }

    String configKey() {
        return configKey;
    }

    Clock clock() {
        return clock;
    }

    /** The message parts, on PostgreSQL and MySQL/MariaDB; null elsewhere. Known once {@link #ensureTable()} ran. */
    MimeParts parts() {
        return parts;
    }

    /**
     * Creates the table on first use, on a connection of graphmail's own and never inside the caller's transaction:
     * DDL there would be committed with, or break, the caller's work.
     */
    void ensureTable() throws SQLException {
        if (created) return;
        synchronized (this) {
            if (created) return;
            boolean inParts = database.outsideTransaction(() -> {
                try (Connection c = database.own()) {
                    return table.create(c);
                }
            });
            parts = inParts ? new MimeParts(table) : null;
            created = true;
        }
    }

    /**
     * Stores a message for delivery. Inside a JTA transaction the row is written through the caller's enlisted
     * connection and becomes visible to the sender only when that transaction commits; a rollback leaves nothing.
     *
     * @param fallbackMailbox the user given to {@code connect()}, for the engine's choice of mailbox; may be null
     * @param maxSize         the largest message accepted, bytes
     * @return the row's id
     * @throws MessagingException naming the outbox when the message cannot be stored (nothing was stored) or is larger
     *         than {@code maxSize}
     */
    public String store(MimeMessage message, Address[] envelope, String fallbackMailbox, long maxSize)
            throws MessagingException {
        String id = UUID.randomUUID().toString();
        try (Spool mime = new Spool()) {
            message.writeTo(mime);
            if (mime.size() > maxSize) {
                throw new MessagingException("the message is " + mime.size() + " bytes, over "
                        + GraphSettings.MAX_SIZE + "=" + maxSize + ": nothing was stored");
            }
            byte[] recipients = InternetAddress.toString(envelope).getBytes(StandardCharsets.UTF_8);
            ensureTable();
            long now = clock.millis();
            OutboxDatabase.Enlisted e = database.forCaller();
            try (Connection c = e.connection()) {
                try {
                    insert(c, id, fallbackMailbox, recipients, mime, now);
                    if (e.commit()) {
                        c.commit();
                    }
                } catch (SQLException | IOException | RuntimeException ex) {
                    if (e.commit()) {
                        rollback(c, ex);
                    }
                    throw ex;
                } finally {
                    if (e.restoreAutoCommit()) {
                        autoCommitAgain(c);
                    }
                }
            }
        } catch (SQLException | IOException | RuntimeException ex) {
            throw new MessagingException("not stored in the outbox (" + settings + "): " + ex.getMessage()
                    + "; nothing was sent or stored", ex);
        }
        return id;
    }

    /**
     * The row, and on PostgreSQL and MySQL/MariaDB the message's parts after it (the row holds an empty {@code mime}
     * there).
     */
    private void insert(Connection c, String id, String fallbackMailbox, byte[] recipients, Spool mime, long now)
            throws SQLException, IOException {
        MimeParts inParts = parts;
        try (PreparedStatement s = c.prepareStatement(table.insert); InputStream in = mime.open()) {
            s.setString(1, id);
            s.setString(2, configKey);
            s.setString(3, fallbackMailbox);
            s.setBytes(4, recipients);
            if (inParts == null) {
                s.setBinaryStream(5, in, mime.size());
            } else {
                s.setBytes(5, new byte[0]);
            }
            s.setLong(6, mime.size());
            s.setLong(7, now);
            s.setLong(8, now);
            s.setLong(9, now);
            s.executeUpdate();
            if (inParts != null) {
                inParts.write(c, id, in);
            }
        }
    }

    private static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Switches autocommit back on before the connection is closed. A failure here must not turn a committed store
     * into an exception, which would have the caller send a second copy: the connection is closed right after anyway.
     */
    private static void autoCommitAgain(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // a broken connection: its pool discards it on close
        }
    }

    /** How many of this configuration's rows are in a state ({@code queued}, {@code sent}, {@code failed}...). */
    public int count(String state) throws SQLException {
        ensureTable();
        try (Connection c = database.own(); PreparedStatement s = c.prepareStatement(table.countByState)) {
            s.setString(1, configKey);
            s.setString(2, state);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    /** What waits to be sent: how many rows, and when the oldest was stored. */
    public record Waiting(long count, java.time.Instant oldest) {
    }

    /** This configuration's rows still queued or being sent. */
    public Waiting waiting() throws SQLException {
        ensureTable();
        try (Connection c = database.own(); PreparedStatement s = c.prepareStatement(table.waiting)) {
            s.setString(1, configKey);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                long oldest = r.getLong(2);
                return new Waiting(r.getLong(1), r.wasNull() ? null : java.time.Instant.ofEpochMilli(oldest));
            }
        }
    }

    /** One row as an administrator sees it (no message content). */
    public record Row(String id, String state, int attempts, java.time.Instant created, java.time.Instant nextAttempt,
                      String mailbox, String requestId, String lastError) {
    }

    /** This configuration's rows that are not delivered, newest first, at most {@code limit}. */
    public java.util.List<Row> undelivered(int limit) throws SQLException {
        ensureTable();
        java.util.List<Row> rows = new java.util.ArrayList<>();
        try (Connection c = database.own(); PreparedStatement s = c.prepareStatement(table.undelivered)) {
            s.setMaxRows(limit);
            s.setString(1, configKey);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(new Row(r.getString(1), r.getString(2), r.getInt(3),
                            java.time.Instant.ofEpochMilli(r.getLong(4)), java.time.Instant.ofEpochMilli(r.getLong(5)),
                            r.getString(6), r.getString(7), r.getString(8)));
                }
            }
        }
        return rows;
    }

    /**
     * Queues a failed or uncertain row again, due now: an administrator's decision (for an uncertain row, after
     * checking the mailbox's Sent Items).
     *
     * @return whether such a row was found
     */
    public boolean retry(String id) throws SQLException {
        return change(table.requeue, clock.millis(), clock.millis(), id, configKey);
    }

    /**
     * Deletes a failed or uncertain row: an administrator's decision after reading it.
     *
     * @return whether such a row was found
     */
    public boolean purge(String id) throws SQLException {
        return change(table.deleteSettled, id, configKey);
    }

    private boolean change(String sql, Object... values) throws SQLException {
        ensureTable();
        try (Connection c = database.own(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) s.setObject(i + 1, values[i]);
            return s.executeUpdate() == 1;
        }
    }

    private static String key(GraphSettings s) {
        String identity = s.tenant() + "|" + s.clientId() + "|" + s.endpoint() + "|" + s.user();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "Outbox[" + settings + "]";
    }
}
