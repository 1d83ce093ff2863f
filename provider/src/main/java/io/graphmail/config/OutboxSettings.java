package io.graphmail.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how sends are stored before they go to Graph ({@code mail.graph.outbox*}).
 *
 * @param database  a {@code jdbc:} URL, or the JNDI name of a DataSource
 * @param user      database user for a {@code jdbc:} URL, or null
 * @param password  its password, or null; never shown
 * @param table     the outbox table's name
 * @param maxAge    a message not sent within this long after it was stored is failed, with its last error
 * @param keep      how long sent rows stay before they are purged
 */
public record OutboxSettings(String database, String user, String password, String table, Duration maxAge,
                             Duration keep) {

    /** Whether the database is named by a {@code jdbc:} URL (plain Java) rather than a JNDI DataSource. */
    public boolean jdbcUrl() {
        return database.regionMatches(true, 0, "jdbc:", 0, 5);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutboxSettings other && database.equals(other.database)
                && Objects.equals(user, other.user) && Objects.equals(password, other.password)
                && table.equals(other.table) && maxAge.equals(other.maxAge) && keep.equals(other.keep);
    }

    @Override
    public int hashCode() {
        return Objects.hash(database, user, table, maxAge, keep);
    }

    @Override
    public String toString() {
        // a jdbc: URL can carry a password as a parameter: show only up to the first ';' or '?'
        String shown = database.split("[;?]", 2)[0];
        return "outbox=" + shown + ", table=" + table + ", maxAge=" + maxAge + ", keep=" + keep;
    }
}
