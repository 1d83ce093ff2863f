package io.graphmail.outbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway MariaDB server for tests: Debian's MariaDB (installed with apt-get when absent and this runs as root),
 * a fresh data folder in a temporary folder, listening on 127.0.0.1 only at a free port, its root user without a
 * password. Run as the {@code mysql} user when the tests run as root, as Debian's own service does.
 */
final class LocalMariaDb implements AutoCloseable {

    private static final Path SERVER = Path.of("/usr/sbin/mariadbd");
    private static final Path INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");

    private final Path dir;
    private final int port;
    private final boolean asMysqlUser;
    private Process server;

    private LocalMariaDb(Path dir, int port, boolean asMysqlUser) {
        this.dir = dir;
        this.port = port;
        this.asMysqlUser = asMysqlUser;
    }

    static LocalMariaDb start() throws Exception {
        install();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("graphmail-mariadb-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        LocalMariaDb db = new LocalMariaDb(dir, port, root);
        try {
            db.run(List.of(INSTALL_DB.toString(), "--no-defaults", "--datadir=" + dir.resolve("data"),
                    "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve"));
            db.launch();
            try (Connection c = DriverManager.getConnection(db.url("")); Statement s = c.createStatement()) {
                s.executeUpdate("CREATE DATABASE graphmail");
            }
            return db;
        } catch (Exception | Error e) {
            db.close();
            throw e;
        }
    }

    String jdbcUrl() {
        return url("graphmail");
    }

    private String url(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database + "?user=root";
    }

    /** Starts mariadbd and waits until it takes connections. */
    private void launch() throws Exception {
        List<String> command = new ArrayList<>();
        if (asMysqlUser) command.addAll(List.of("runuser", "-u", "mysql", "--"));
        // the durability settings a throwaway database does without, like PostgreSQL's -F in LocalPostgres
        command.addAll(List.of(SERVER.toString(), "--no-defaults", "--datadir=" + dir.resolve("data"),
                "--bind-address=127.0.0.1", "--port=" + port, "--socket=" + dir.resolve("sock"),
                "--pid-file=" + dir.resolve("pid"), "--log-error=" + dir.resolve("log"), "--skip-name-resolve",
                "--innodb-buffer-pool-size=32M", "--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0",
                "--skip-log-bin"));
        server = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out").toFile()).start();
        SQLException last = null;
        for (int i = 0; i < 600; i++) {   // up to a minute
            if (!server.isAlive()) break;
            try {
                DriverManager.getConnection(url("")).close();
                return;
            } catch (SQLException notYet) {
                last = notYet;
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("mariadbd did not start: " + log(), last);
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        if (server != null) {
            // the server itself, not runuser, so that it shuts down as it does on SIGTERM
            pid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroy);
            server.destroy();
            try {
                if (!server.waitFor(1, TimeUnit.MINUTES)) server.destroyForcibly().waitFor();
                pid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // the temporary folder goes with the machine
        }
    }

    private java.util.Optional<Long> pid() {
        try {
            return java.util.Optional.of(Long.parseLong(Files.readString(dir.resolve("pid")).trim()));
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /** Debian's MariaDB server, installed first when missing. */
    private static void install() throws Exception {
        if (Files.isExecutable(SERVER) && Files.isExecutable(INSTALL_DB)) return;
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("MariaDB is not installed and these tests are not root: install"
                    + " Debian's mariadb-server package (apt-get install mariadb-server) to run them");
        }
        Process p = new ProcessBuilder("apt-get", "install", "-y", "-q", "mariadb-server").inheritIO().start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            Process update = new ProcessBuilder("apt-get", "update", "-q").inheritIO().start();
            update.waitFor(10, TimeUnit.MINUTES);
            p = new ProcessBuilder("apt-get", "install", "-y", "-q", "mariadb-server").inheritIO().start();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("apt-get install mariadb-server failed: the MariaDB tests need it");
            }
        }
        if (!Files.isExecutable(SERVER) || !Files.isExecutable(INSTALL_DB)) {
            throw new IllegalStateException("mariadb-server installed, but no " + SERVER + " or " + INSTALL_DB);
        }
    }

    private void run(List<String> command) throws Exception {
        List<String> full = new ArrayList<>();
        if (asMysqlUser) full.addAll(List.of("runuser", "-u", "mysql", "--"));
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
