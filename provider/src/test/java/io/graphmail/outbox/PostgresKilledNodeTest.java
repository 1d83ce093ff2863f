package io.graphmail.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Two node JVMs, one killed mid-send, on a real PostgreSQL server started on loopback for this class. */
class PostgresKilledNodeTest extends KilledNodeContract {

    private static LocalPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = LocalPostgres.start();
    }

    @AfterAll
    static void stop() {
        if (postgres != null) postgres.close();
    }

    @Override
    String emptyDatabase() throws Exception {
        String url = postgres.jdbcUrl();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS graphmail_outbox_part, graphmail_outbox");
        }
        return url;
    }

    /** On PostgreSQL the message is in parts; these messages are small, their first part holds the headers. */
    @Override
    String storedMimeQuery() {
        return "SELECT bytes FROM GRAPHMAIL_OUTBOX_PART WHERE id = ? AND seq = 0";
    }
}
