package io.graphmail.outbox;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/** The outbox on embedded Apache Derby, a fresh in-memory database per test, dropped after it. */
class DerbyOutboxTest extends OutboxContract {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    static {
        // Derby's log goes with the build output, not into the module's folder; read when the engine boots
        System.setProperty("derby.stream.error.file", "target/derby.log");
    }

    @Override
    String emptyDatabase() {
        return "jdbc:derby:memory:outbox" + DATABASES.incrementAndGet() + ";create=true";
    }

    @Override
    void dropDatabase(String url) {
        String name = url.substring(0, url.indexOf(';'));
        try {
            DriverManager.getConnection(name + ";drop=true").close();
        } catch (SQLException dropped) {
            // Derby answers a successful drop with an exception (08006); XJ004: the test never opened its database
            if (!"08006".equals(dropped.getSQLState()) && !"XJ004".equals(dropped.getSQLState())) {
                throw new IllegalStateException(dropped);
            }
        }
    }
}
