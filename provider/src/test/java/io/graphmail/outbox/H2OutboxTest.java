package io.graphmail.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** The outbox on embedded H2, the database of a plain Java application. */
class H2OutboxTest extends OutboxContract {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Override
    String emptyDatabase() {
        return "jdbc:h2:mem:outbox" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    }

    @Override
    void dropDatabase(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }
}
