package io.graphmail.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;

/**
 * The outbox on embedded Apache Derby: one in-memory database for the class (creating one costs most of a second),
 * its table dropped before each test, the database dropped after the class.
 */
class DerbyOutboxTest extends OutboxContract {

    private static final String DATABASE = "jdbc:derby:memory:outbox";

    static {
        // Derby's log goes with the build output, not into the module's folder; read when the engine boots
        System.setProperty("derby.stream.error.file", "target/derby.log");
    }

    @Override
    String emptyDatabase() throws Exception {
        String url = DATABASE + ";create=true";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            try {
                s.execute("DROP TABLE GRAPHMAIL_OUTBOX");
            } catch (SQLException absent) {
                // Derby has no DROP TABLE IF EXISTS: the first test finds no table (42Y55)
                if (!"42Y55".equals(absent.getSQLState())) throw absent;
            }
        }
        return url;
    }

    @Override
    void dropDatabase(String url) {
        // the next test drops the table; the database goes with the class
    }

    @AfterAll
    static void drop() {
        try {
            DriverManager.getConnection(DATABASE + ";drop=true").close();
        } catch (SQLException dropped) {
            // Derby answers a successful drop with an exception (08006)
            if (!"08006".equals(dropped.getSQLState())) throw new IllegalStateException(dropped);
        }
    }
}
