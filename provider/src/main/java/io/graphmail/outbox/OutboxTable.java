package io.graphmail.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The outbox table and its SQL. Plain JDBC that PostgreSQL, MySQL/MariaDB, Oracle, SQL Server, Derby and H2 all run:
 * only the binary and 64-bit integer types differ by database. Rows are claimed with an owner and a lease expiry
 * (a conditional UPDATE), which every database supports, rather than {@code FOR UPDATE SKIP LOCKED}, which some lack;
 * the DDL is in docs/outbox.md for administrators who create the table themselves. On PostgreSQL and MySQL/MariaDB the
 * message goes in a side table of parts ({@link MimeParts}) and the row's own {@code mime} column stays empty, except
 * in rows stored by a release before the parts, which are still read from it.
 */
final class OutboxTable {

    final String name;
    /** The side table of message parts (PostgreSQL, MySQL/MariaDB). */
    final String parts;
    final String insert;
    final String selectDue;
    final String claimQueued;
    final String claimExpired;
    final String load;
    final String recordDraft;
    final String delivered;
    final String retryLater;
    final String finished;
    final String purge;
    final String countByState;
    final String waiting;
    final String undelivered;
    final String requeue;
    final String deleteSettled;

    OutboxTable(String name) {
        this.name = name;
        this.parts = name + "_PART";
        insert = "INSERT INTO " + name + " (id, config_key, fallback_mailbox, envelope, mime, mime_size, state,"
                + " attempts, next_attempt, created, updated) VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?)";
        selectDue = "SELECT id, state FROM " + name + " WHERE config_key = ? AND ((state = 'queued'"
                + " AND next_attempt <= ?) OR (state = 'sending' AND lease_until < ?)) ORDER BY next_attempt";
        // two claims, so that the claiming node knows whether it takes over the row of a node that stopped mid-send
        String claim = "UPDATE " + name + " SET state = 'sending', owner = ?, lease_until = ?, attempts = attempts + 1,"
                + " updated = ? WHERE id = ? AND ";
        claimQueued = claim + "state = 'queued' AND next_attempt <= ?";
        claimExpired = claim + "state = 'sending' AND lease_until < ?";
        load = "SELECT fallback_mailbox, envelope, attempts, created, mailbox, draft_id, last_error, mime,"
                + " mime_size FROM " + name + " WHERE id = ?";
        recordDraft = "UPDATE " + name + " SET mailbox = ?, draft_id = ?, updated = ? WHERE id = ? AND owner = ?"
                + " AND state = 'sending'";
        delivered = "UPDATE " + name + " SET state = 'sent', request_id = ?, last_error = NULL, owner = NULL,"
                + " lease_until = NULL, updated = ? WHERE id = ? AND owner = ?";
        retryLater = "UPDATE " + name + " SET state = 'queued', next_attempt = ?, last_error = ?, draft_id = ?,"
                + " owner = NULL, lease_until = NULL, updated = ? WHERE id = ? AND owner = ?";
        finished = "UPDATE " + name + " SET state = ?, last_error = ?, request_id = ?, owner = NULL,"
                + " lease_until = NULL, updated = ? WHERE id = ? AND owner = ?";
        purge = "DELETE FROM " + name + " WHERE state = 'sent' AND updated < ?";
        countByState = "SELECT COUNT(*) FROM " + name + " WHERE config_key = ? AND state = ?";
        waiting = "SELECT COUNT(*), MIN(created) FROM " + name + " WHERE config_key = ?"
                + " AND state IN ('queued', 'sending')";
        undelivered = "SELECT id, state, attempts, created, next_attempt, mailbox, request_id, last_error FROM "
                + name + " WHERE config_key = ? AND state <> 'sent' ORDER BY created DESC";
        requeue = "UPDATE " + name + " SET state = 'queued', next_attempt = ?, created = ?, draft_id = NULL"
                + " WHERE id = ? AND config_key = ? AND state IN ('failed', 'uncertain')";
        deleteSettled = "DELETE FROM " + name + " WHERE id = ? AND config_key = ? AND state IN ('failed', 'uncertain')";
    }

    /**
     * Creates the table, and on PostgreSQL and MySQL/MariaDB its parts table, when they do not exist yet: a table of a
     * release before the parts gets its parts table here, and keeps its rows.
     *
     * @return whether messages are stored in parts ({@link MimeParts}) rather than in the row
     */
    boolean create(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName();
        boolean inParts = inParts(product);
        if (!exists(c, name)) {
            try (Statement s = c.createStatement()) {
                s.executeUpdate(ddl(product));
                s.executeUpdate("CREATE INDEX " + name + "_due ON " + name + " (config_key, state, next_attempt)");
            }
        }
        if (inParts && !exists(c, parts)) {
            try (Statement s = c.createStatement()) {
                s.executeUpdate(partsDdl(product));
            }
        }
        return inParts;
    }

    private static boolean exists(Connection c, String table) {
        try (Statement s = c.createStatement()) {
            s.executeQuery("SELECT 1 FROM " + table + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException missing) {
            return false;   // created next; a failure there reports the real problem
        }
    }

    /**
     * Whether a database product (as JDBC names it) gets its messages in parts: PostgreSQL, whose BYTEA is read whole;
     * MySQL and MariaDB, whose servers refuse a statement or a row larger than {@code max_allowed_packet} (16 MB by
     * default in MariaDB, 64 MB in MySQL 8), less than the messages graphmail accepts.
     */
    static boolean inParts(String product) {
        String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
        return p.contains("postgres") || mysql(p);
    }

    private static boolean mysql(String lowerCaseProduct) {
        return lowerCaseProduct.contains("mysql") || lowerCaseProduct.contains("mariadb");
    }

    /** PostgreSQL's CREATE TABLE statement of the parts table. */
    String partsDdl() {
        return partsDdl("PostgreSQL");
    }

    /** The CREATE TABLE statement of the parts table for a database product that {@link #inParts stores in parts}. */
    String partsDdl(String product) {
        if (mysql(product == null ? "" : product.toLowerCase(Locale.ROOT))) {
            // a table constraint: MySQL before 9.0 parses a column's REFERENCES clause and ignores it, without a word
            return "CREATE TABLE " + parts + " ("
                    + "id VARCHAR(36) NOT NULL, "
                    + "seq INTEGER NOT NULL, "
                    + "bytes LONGBLOB NOT NULL, "
                    + "PRIMARY KEY (id, seq), "
                    + "FOREIGN KEY (id) REFERENCES " + name + " (id) ON DELETE CASCADE)";
        }
        return "CREATE TABLE " + parts + " ("
                + "id VARCHAR(36) NOT NULL REFERENCES " + name + " (id) ON DELETE CASCADE, "
                + "seq INTEGER NOT NULL, "
                + "bytes " + binary(product) + " NOT NULL, "
                + "PRIMARY KEY (id, seq))";
    }

    private static String binary(String product) {
        String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
        return p.contains("postgres") ? "BYTEA" : mysql(p) ? "LONGBLOB" : p.contains("sql server") ? "VARBINARY(MAX)"
                : "BLOB";
    }

    /** The CREATE TABLE statement for a database product (as JDBC names it). */
    String ddl(String product) {
        String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
        String binary = binary(product);
        String bigint = p.contains("oracle") ? "NUMBER(19)" : "BIGINT";
        String text = p.contains("oracle") ? "VARCHAR2" : "VARCHAR";
        return "CREATE TABLE " + name + " ("
                + "id " + text + "(36) NOT NULL PRIMARY KEY, "
                + "config_key " + text + "(64) NOT NULL, "
                + "fallback_mailbox " + text + "(320), "
                + "envelope " + binary + " NOT NULL, "
                + "mime " + binary + " NOT NULL, "
                + "mime_size " + bigint + " NOT NULL, "
                + "state " + text + "(16) NOT NULL, "
                + "attempts INTEGER NOT NULL, "
                + "next_attempt " + bigint + " NOT NULL, "
                + "created " + bigint + " NOT NULL, "
                + "updated " + bigint + " NOT NULL, "
                + "owner " + text + "(64), "
                + "lease_until " + bigint + ", "
                + "mailbox " + text + "(320), "
                + "draft_id " + text + "(512), "
                + "request_id " + text + "(64), "
                + "last_error " + text + "(2000))";
    }
}
