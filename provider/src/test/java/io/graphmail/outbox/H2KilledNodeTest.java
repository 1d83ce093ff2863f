package io.graphmail.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Two node JVMs, one killed mid-send, on H2 in server mode: the way several JVMs share one H2 database (its
 * embedded mode is one JVM's own). The server runs in the test's JVM, on 127.0.0.1 at a free port; the killed node's
 * connections die with it, as they would with any database server.
 */
class H2KilledNodeTest extends KilledNodeContract {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static Server server;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("h2.bindAddress", "127.0.0.1");
        server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.stop();
    }

    @Override
    String emptyDatabase() throws Exception {
        String url = "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:killed" + DATABASES.incrementAndGet()
                + ";DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        }
        return url;
    }
}
