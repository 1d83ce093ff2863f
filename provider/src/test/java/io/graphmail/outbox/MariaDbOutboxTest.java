package io.graphmail.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The outbox on a real MariaDB server (Debian's), started on loopback for this class and stopped after it. */
class MariaDbOutboxTest extends OutboxContract {

    private static LocalMariaDb mariadb;

    @BeforeAll
    static void start() throws Exception {
        mariadb = LocalMariaDb.start();
    }

    @AfterAll
    static void stop() {
        if (mariadb != null) mariadb.close();
    }

    @Override
    String emptyDatabase() throws Exception {
        String url = mariadb.jdbcUrl();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS GRAPHMAIL_OUTBOX");
        }
        return url;
    }

    @Override
    void dropDatabase(String url) {
        // the next test drops the table; the server goes with the class
    }
}
