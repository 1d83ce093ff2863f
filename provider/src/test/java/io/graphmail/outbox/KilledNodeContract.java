package io.graphmail.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.graphmail.config.GraphSettings;
import io.graphmail.sandbox.App;
import io.graphmail.sandbox.CapturedMessage;
import io.graphmail.sandbox.Fault;
import io.graphmail.sandbox.Sandbox;
import io.graphmail.sandbox.SandboxConfig;
import io.graphmail.sandbox.SandboxExtension;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes, each its own JVM, drain one outbox into the sandbox; one of them is killed with SIGKILL while the sandbox
 * holds its requests, so it dies mid-send, and the other takes its rows over when their lease ends. Subclasses give
 * the database both JVMs share.
 *
 * <p>How the kill lands mid-send: node B is paused (SIGSTOP) for a moment, so that only A makes new requests. The
 * sandbox holds the next {@value #HELD} Graph requests for {@link #HOLD}: B's that were already on their way (at most
 * {@value #NODE_CONCURRENCY}, {@code mail.graph.concurrency}) and then A's. Once all of them have arrived, the last one
 * is A's and is being held, and A is killed at once; B goes on (SIGCONT). The sandbox then carries A's held requests
 * out (a draft created, a draft or a sendMail sent) with nobody left to read the answer: what Graph does when a client
 * dies mid-request. The tests check afterwards that it did.
 */
abstract class KilledNodeContract {

    static final String SEND_ONLY_APP = "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d";
    private static final int MESSAGES = 200;
    private static final int NODE_CONCURRENCY = 2;
    /** B's requests already on their way when it was paused, then A's. */
    private static final int HELD = 2 * NODE_CONCURRENCY;
    private static final Duration HOLD = Duration.ofSeconds(3);
    /** Short, so the survivor takes over soon; long against a batch of sends, so no live node loses a row. */
    private static final Duration LEASE = Duration.ofSeconds(10);
    /** The bound of every wait: far beyond what each step needs, so only a real failure reaches it. */
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.demo().toBuilder()
            .app(App.builder(SEND_ONLY_APP).secret("send-only-secret").roles("Mail.Send").build())
            .build());

    private final List<Process> nodes = new ArrayList<>();
    private String url;
    private Path work;

    /** A JDBC URL of an empty database that other JVMs on this machine reach too. */
    abstract String emptyDatabase() throws Exception;

    @BeforeEach
    void database() throws Exception {
        url = emptyDatabase();
        work = Files.createTempDirectory("graphmail-killed-node-");
    }

    @AfterEach
    void killNodes() throws Exception {
        for (Process p : nodes) {
            p.destroyForcibly();
        }
        for (Process p : nodes) {
            p.waitFor(30, TimeUnit.SECONDS);
        }
        try (java.util.stream.Stream<Path> files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void withMailReadWriteEveryMessageIsDeliveredExactlyOnceThoughANodeIsKilledMidSend() throws Exception {
        Properties p = properties(SandboxConfig.DEMO_CLIENT_ID, SandboxConfig.DEMO_SECRET);
        Killed killed = drainAndKillOneNode(p);

        Outbox box = new Outbox(GraphSettings.from(p), Clock.systemUTC());
        waitFor(() -> count(box, "sent") == MESSAGES, () -> "every row sent; rows by state: " + states());
        Map<String, Integer> copies = copiesBySubject();
        assertEquals(MESSAGES, copies.size(), "none lost: " + missing(copies));
        assertEquals(Set.of(1), new HashSet<>(copies.values()), "each exactly once: " + duplicates(copies));
        assertEquals(MESSAGES, sandbox().messages().size());
        for (String id : killed.rows) {
            assertTrue(Integer.parseInt(column(id, "attempts")) >= 2, "row " + id + " of the killed node was taken over");
        }
        assertTrue(killed.withDraft + sandbox().drafts() >= 1, "node A died mid-send: sending a recorded draft, or"
                + " creating one (left unsent in Drafts)");
        System.out.printf("killed node A owned %d rows (%d with a recorded draft, %d drafts left unsent); all %d"
                + " messages once%n", killed.rows.size(), killed.withDraft, sandbox().drafts(), MESSAGES);
    }

    @Test
    void withMailSendOnlyNoneIsDuplicatedAndTheKilledNodesRowsAreUncertain() throws Exception {
        Properties p = properties(SEND_ONLY_APP, "send-only-secret");
        Killed killed = drainAndKillOneNode(p);

        Outbox box = new Outbox(GraphSettings.from(p), Clock.systemUTC());
        waitFor(() -> count(box, "sent") + count(box, "uncertain") == MESSAGES,
                () -> "every row sent or uncertain; rows by state: " + states());
        Map<String, Integer> copies = copiesBySubject();
        assertEquals(Set.of(1), new HashSet<>(copies.values()), "none twice: " + duplicates(copies));
        Set<String> uncertain = new HashSet<>(ids("uncertain"));
        assertEquals(new HashSet<>(killed.rows), uncertain,
                "the rows the killed node was sending are uncertain, and only those");
        for (String id : ids("sent")) {
            assertEquals(1, copies.getOrDefault(subject(id), 0), "sent row " + id + " delivered once");
        }
        int uncertainDelivered = 0;
        for (String id : uncertain) {
            uncertainDelivered += copies.getOrDefault(subject(id), 0);
        }
        assertEquals(MESSAGES - uncertain.size() + uncertainDelivered, sandbox().messages().size(),
                "every sent row once, and of the uncertain ones only what the killed node handed over");
        assertTrue(uncertainDelivered >= 1, "node A died mid-send: Graph carried out a sendMail A never saw answered");
        System.out.printf("killed node A owned %d rows: %d uncertain, of which Graph got %d; %d sent%n",
                killed.rows.size(), uncertain.size(), uncertainDelivered, MESSAGES - uncertain.size());
    }

    /** What the killed node left in the table at its death. */
    private record Killed(List<String> rows, int withDraft) {
    }

    /**
     * Stores the messages, starts two nodes, holds the next requests at the sandbox and kills node A while its are
     * held.
     */
    private Killed drainAndKillOneNode(Properties p) throws Exception {
        Outbox box = new Outbox(GraphSettings.from(p), Clock.systemUTC());
        Session session = Session.getInstance(new Properties());
        for (int i = 0; i < MESSAGES; i++) {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress("sender@contoso.example"));
            m.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@contoso.example"));
            m.setSubject("kill-9 #" + i);
            m.setText("one copy, whatever happens to the node sending it");
            m.saveChanges();
            box.store(m, m.getAllRecipients(), null, GraphSettings.DEFAULT_MAX_SIZE);
        }
        Path config = work.resolve("node.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            p.store(out, null);
        }
        Process a = start(config, "a");
        Process b = start(config, "b");
        String ownerA = owner("a");
        owner("b");
        waitFor(() -> sandbox().messages().size() >= MESSAGES / 10, () -> "the nodes drain: "
                + sandbox().messages().size() + " delivered");

        signal(b, "STOP");
        try {
            sandbox().faults().next(HELD, Fault.latency(HOLD));
            waitFor(() -> sandbox().faults().queued() == 0, () -> "the sandbox holds " + HELD + " requests");
            // SIGKILL on Linux (what kill -9 sends): no shutdown hook, no finally block, no answer read
            a.destroyForcibly();
            assertTrue(a.waitFor(30, TimeUnit.SECONDS), "node A is gone");
        } finally {
            signal(b, "CONT");
        }

        List<String> rows = new ArrayList<>();
        int withDraft = 0;
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement s = c.prepareStatement("SELECT id, draft_id FROM GRAPHMAIL_OUTBOX"
                     + " WHERE state = 'sending' AND owner = ?")) {
            s.setString(1, ownerA);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(r.getString(1));
                    if (r.getString(2) != null) withDraft++;
                }
            }
        }
        assertTrue(!rows.isEmpty(), "node A was killed while it had rows claimed");
        assertTrue(sandbox().messages().size() < MESSAGES, "killed before the outbox was drained");
        return new Killed(rows, withDraft);
    }

    /** Sends a node a signal (STOP pauses it, CONT resumes it) with the system's kill command. */
    private static void signal(Process node, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(node.pid())).inheritIO().start();
        assertTrue(kill.waitFor(30, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal + " " + node.pid());
    }

    /** Starts a node: java of this JVM, the test class path. */
    private Process start(Path config, String name) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process p = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                DrainingNode.class.getName(), config.toString(), Long.toString(LEASE.toMillis()))
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile())
                .start();
        nodes.add(p);
        return p;
    }

    /** The owner name the node prints once it drains. */
    private String owner(String name) throws Exception {
        Path log = work.resolve(name + ".log");
        String[] found = {null};
        waitFor(() -> {
            try {
                found[0] = Files.readAllLines(log).stream().filter(l -> l.startsWith("node ")).findFirst()
                        .map(l -> l.substring(5)).orElse(null);
            } catch (IOException e) {
                found[0] = null;
            }
            return found[0] != null;
        }, () -> "node " + name + " starts; its output: " + read(log));
        return found[0];
    }

    private Properties properties(String clientId, String secret) {
        Properties p = sandbox().mailProperties();
        p.setProperty("mail.graph.client.id", clientId);
        p.setProperty("mail.graph.client.secret", secret);
        p.setProperty("mail.graph.concurrency", Integer.toString(NODE_CONCURRENCY));
        p.setProperty("mail.graph.outbox", url);
        return p;
    }

    static Sandbox sandbox() {
        return SANDBOX.get();
    }

    private Map<String, Integer> copiesBySubject() {
        Map<String, Integer> copies = new HashMap<>();
        for (CapturedMessage m : sandbox().messages()) {
            copies.merge(m.subject(), 1, Integer::sum);
        }
        return copies;
    }

    private static List<String> missing(Map<String, Integer> copies) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            if (!copies.containsKey("kill-9 #" + i)) out.add("kill-9 #" + i);
        }
        return out;
    }

    private static Map<String, Integer> duplicates(Map<String, Integer> copies) {
        Map<String, Integer> out = new HashMap<>(copies);
        out.values().removeIf(n -> n == 1);
        return out;
    }

    /** The query of a stored row's MIME (its headers at least), by id. */
    String storedMimeQuery() {
        return "SELECT mime FROM GRAPHMAIL_OUTBOX WHERE id = ?";
    }

    /** The subject of a stored row, read from its MIME. */
    private String subject(String id) throws Exception {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement s = c.prepareStatement(storedMimeQuery())) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new MimeMessage(Session.getInstance(new Properties()), r.getBinaryStream(1)).getSubject();
            }
        }
    }

    private List<String> ids(String state) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement s = c.prepareStatement("SELECT id FROM GRAPHMAIL_OUTBOX WHERE state = ?")) {
            s.setString(1, state);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) out.add(r.getString(1));
            }
        }
        return out;
    }

    private String column(String id, String column) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement s = c.prepareStatement("SELECT " + column + " FROM GRAPHMAIL_OUTBOX WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }

    private String states() {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement s = c.prepareStatement("SELECT state, COUNT(*) FROM GRAPHMAIL_OUTBOX GROUP BY state");
             ResultSet r = s.executeQuery()) {
            Map<String, Integer> out = new HashMap<>();
            while (r.next()) out.put(r.getString(1), r.getInt(2));
            return out.toString();
        } catch (SQLException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static int count(Outbox box, String state) {
        try {
            return box.count(state);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "(none)";
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    /** Polls a condition every 20 ms, for at most {@link #PATIENCE}; fails saying what did not happen. */
    private void waitFor(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long polls = PATIENCE.toMillis() / 20;
        for (long i = 0; i < polls; i++) {
            if (condition.getAsBoolean()) return;
            for (Process p : nodes) {
                if (!p.isAlive() && p.exitValue() != 137 && p.exitValue() != 9) {
                    fail("a node exited by itself (" + p.exitValue() + ") while waiting for: " + what.get());
                }
            }
            Thread.sleep(20);
        }
        if (!condition.getAsBoolean()) fail("not within " + PATIENCE + ": " + what.get());
    }
}
