package io.graphmail.outbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for tests: Debian's PostgreSQL (installed with apt-get when absent and this runs as
 * root), a fresh cluster in a temporary folder, listening on 127.0.0.1 only at a free port, trust authentication for
 * the local test user. Run as the {@code postgres} user when the tests run as root, since PostgreSQL refuses root.
 */
final class LocalPostgres implements AutoCloseable {

    private final Path data;
    private final Path bin;
    private final int port;
    private final boolean asPostgresUser;

    private LocalPostgres(Path data, Path bin, int port, boolean asPostgresUser) {
        this.data = data;
        this.bin = bin;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    static LocalPostgres start() throws Exception {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("graphmail-pg-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path data = dir.resolve("data");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        LocalPostgres pg = new LocalPostgres(data, bin, port, root);
        pg.run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "graphmail", "--auth=trust",
                "-E", "UTF8", "--no-sync"));
        pg.run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60", "-l",
                dir.resolve("log").toString(), "-o", "-h 127.0.0.1 -p " + port + " -k " + dir + " -F", "start"));
        return pg;
    }

    /** Stops the server (an outage of the database); {@link #restart()} brings it back with its data. */
    void stop() throws Exception {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
    }

    void restart() throws Exception {
        Path dir = data.getParent();
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60", "-l",
                dir.resolve("log").toString(), "-o", "-h 127.0.0.1 -p " + port + " -k " + dir + " -F", "start"));
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=graphmail";
    }

    @Override
    public void close() {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
        } catch (Exception e) {
            // a server already gone
        }
        try (Stream<Path> files = Files.walk(data.getParent())) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // the temporary folder goes with the machine
        }
    }

    /** Debian's PostgreSQL binaries, installed first when missing. */
    private static Path binaries() throws Exception {
        Path found = find();
        if (found != null) return found;
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("PostgreSQL is not installed and these tests are not root: install"
                    + " Debian's postgresql package (apt-get install postgresql) to run them");
        }
        Process p = new ProcessBuilder("apt-get", "install", "-y", "-q", "postgresql").inheritIO().start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            Process update = new ProcessBuilder("apt-get", "update", "-q").inheritIO().start();
            update.waitFor(10, TimeUnit.MINUTES);
            p = new ProcessBuilder("apt-get", "install", "-y", "-q", "postgresql").inheritIO().start();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("apt-get install postgresql failed: the PostgreSQL tests need it");
            }
        }
        found = find();
        if (found == null) throw new IllegalStateException("postgresql installed, but no initdb under /usr/lib/postgresql");
        return found;
    }

    private static Path find() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) return null;
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(Path::toString)).orElse(null);
        }
    }

    private void run(List<String> command) throws Exception {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
