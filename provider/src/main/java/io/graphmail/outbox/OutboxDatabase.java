package io.graphmail.outbox;

import io.graphmail.config.OutboxSettings;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Connections to the outbox's database: from {@code DriverManager} for a {@code jdbc:} URL (plain Java), else from the
 * DataSource the application server names in JNDI. A DataSource connection obtained on the caller's thread inside a
 * JTA transaction is enlisted by the server, so a row inserted through it commits or rolls back with the caller's
 * work: graphmail must then neither commit nor roll back itself.
 */
final class OutboxDatabase {

    private static final String[] TRANSACTION_REGISTRY = {"java:comp/TransactionSynchronizationRegistry"};

    private final OutboxSettings settings;
    private volatile DataSource dataSource;

    OutboxDatabase(OutboxSettings settings) {
        this.settings = settings;
    }

    /** A connection for graphmail's own work (claiming, updating rows): it commits each statement. */
    Connection own() throws SQLException {
        Connection c = open();
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * A connection for storing a send on the caller's thread. Outside a JTA transaction it is switched out of
     * autocommit, so that everything one send writes (the row, and its parts where there are parts) commits at once or
     * not at all.
     *
     * @return the connection, whether graphmail must commit (or, on failure, roll back) what it writes (false inside
     *         the caller's JTA transaction, which decides), and whether autocommit must be switched back on after
     */
    Enlisted forCaller() throws SQLException {
        Connection c = open();
        try {
            boolean inTransaction = !settings.jdbcUrl() && jtaTransactionActive();
            if (inTransaction) {
                return new Enlisted(c, false, false);
            }
            boolean autoCommit = c.getAutoCommit();
            if (autoCommit) {
                c.setAutoCommit(false);
            }
            return new Enlisted(c, true, autoCommit);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Work on the database that must not join the caller's transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} outside any JTA transaction of the calling thread: on a short-lived thread of its own when the
     * caller is in one (a server enlists connections by thread), else right here. The DataSource is looked up first,
     * on the caller's thread, where its JNDI name resolves.
     */
    <T> T outsideTransaction(Work<T> work) throws SQLException {
        if (settings.jdbcUrl() || !jtaTransactionActive()) {
            return work.run();
        }
        dataSource();
        Object[] result = new Object[1];
        SQLException[] failure = new SQLException[1];
        Thread t = new Thread(() -> {
            try {
                result[0] = work.run();
            } catch (SQLException e) {
                failure[0] = e;
            } catch (RuntimeException e) {
                failure[0] = new SQLException(e.getMessage(), e);
            }
        }, "graphmail-outbox-setup");
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while preparing the outbox table", e);
        }
        if (failure[0] != null) throw failure[0];
        @SuppressWarnings("unchecked")
        T r = (T) result[0];
        return r;
    }

    /**
     * A connection, whether what is written on it must be committed by graphmail, and whether graphmail switched its
     * autocommit off (a pooled connection goes back to its pool as it came).
     */
    record Enlisted(Connection connection, boolean commit, boolean restoreAutoCommit) {
    }

    private Connection open() throws SQLException {
        if (settings.jdbcUrl()) {
            return settings.user() == null ? DriverManager.getConnection(settings.database())
                    : DriverManager.getConnection(settings.database(), settings.user(), settings.password());
        }
        return dataSource().getConnection();
    }

    private DataSource dataSource() throws SQLException {
        DataSource ds = dataSource;
        if (ds == null) {
            try {
                Object found = new InitialContext().lookup(settings.database());
                if (!(found instanceof DataSource)) {
                    throw new SQLException("mail.graph.outbox=" + settings.database() + " names "
                            + (found == null ? "nothing" : "a " + found.getClass().getName()) + ", not a DataSource");
                }
                ds = (DataSource) found;
            } catch (NamingException e) {
                throw new SQLException("mail.graph.outbox=" + settings.database() + ": no DataSource of that JNDI"
                        + " name (" + e.getMessage() + "); give the JNDI name of the server's DataSource, or a jdbc: URL",
                        e);
            }
            dataSource = ds;
        }
        return ds;
    }

    /**
     * Whether the caller's thread is inside a JTA transaction, asked through the server's
     * TransactionSynchronizationRegistry by reflection, so that the provider needs no Jakarta Transactions API.
     */
    static boolean jtaTransactionActive() {
        for (String name : TRANSACTION_REGISTRY) {
            try {
                Object registry = new InitialContext().lookup(name);
                Method key = registry.getClass().getMethod("getTransactionKey");
                return key.invoke(registry) != null;
            } catch (NamingException | ReflectiveOperationException | RuntimeException e) {
                // no registry: not in a Jakarta EE component, so no JTA transaction
            }
        }
        return false;
    }
}
