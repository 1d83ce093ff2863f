package io.graphmail.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Two node JVMs, one killed mid-send, on a real MariaDB server started on loopback for this class. */
class MariaDbKilledNodeTest extends KilledNodeContract {

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
            s.execute("DROP TABLE IF EXISTS GRAPHMAIL_OUTBOX_PART, GRAPHMAIL_OUTBOX");
        }
        return url;
    }

    /** On MariaDB the message is in parts; these messages are small, their first part holds the headers. */
    @Override
    String storedMimeQuery() {
        return "SELECT bytes FROM GRAPHMAIL_OUTBOX_PART WHERE id = ? AND seq = 0";
    }
}
