package io.graphmail.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The outbox on a real PostgreSQL server, started on loopback for this class and stopped after it. */
class PostgresOutboxTest extends OutboxContract {

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

    @Override
    void dropDatabase(String url) {
        // the next test drops the table; the server goes with the class
    }

    @org.junit.jupiter.api.Test
    void theDatabaseDownWhileDrainingLosesNothing() throws Exception {
        java.util.Properties p = properties(false);
        Outbox box = outbox(p);
        String id = store(box, "database down while draining");
        OutboxSender sender = sender(box, p);
        postgres.stop();
        try {
            org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class, sender::drainOnce);
        } finally {
            postgres.restart();
        }
        org.junit.jupiter.api.Assertions.assertEquals(1, sender.drainOnce());
        org.junit.jupiter.api.Assertions.assertEquals("sent", column(id, "state"));
        org.junit.jupiter.api.Assertions.assertEquals(1, sandbox().messages().size());
    }
}
