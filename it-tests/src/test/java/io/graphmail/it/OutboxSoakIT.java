package io.graphmail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.graphmail.it.app.SoakServlet;
import io.graphmail.sandbox.CapturedMessage;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 11's soak, run only with {@code -Psoak} (it takes minutes; docs/reliability.md has the command and the last
 * figures): 10,000 messages from 50 threads, each sent on commit through the resource adapter on Payara Micro into
 * the outbox on the application's DataSource, and out through the adapter's background sender to the sandbox. None
 * lost, none duplicated (counted by subject at the sandbox), every row {@code sent}, the DataSource's connections and
 * the server's heap after a full GC back where they were after a warm-up of the same shape.
 */
@EnabledIfSystemProperty(named = "it.soak", matches = "true", disabledReason = "the soak runs with -Psoak")
@ExtendWith({FreshPayara.class, ArquillianExtension.class})
class OutboxSoakIT {

    private static final int THREADS = 50;
    private static final int MESSAGES = Integer.getInteger("it.soak.messages", 10_000);
    private static final int WARM_UP = 1_000;
    /** Heap after GC may end this much above where it started: far less than what the messages weighed. */
    private static final long HEAP_SLACK = 16L * 1024 * 1024;
    private static final Duration PATIENCE = Duration.ofMinutes(20);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.mailApp("soak-app.war", SoakServlet.class, io.graphmail.it.app.Failures.class);
    }

    @RegisterExtension
    static final ItSandbox SANDBOX = new ItSandbox();

    @ArquillianResource
    private URL url;

    @Test
    void tenThousandMessagesFromFiftyThreadsAreEachDeliveredOnceAndNothingLeaks() throws Exception {
        AppClient client = new AppClient(url, "soak-app");

        // the same shape, smaller: pools grown, classes loaded, JIT warm, before the figures that count are taken
        run(client, WARM_UP, "warm-up");
        assertEquals("purged=" + WARM_UP, client.ok("soak", Map.of("op", "purge-sent"), PATIENCE).trim());
        SANDBOX.get().clearMessages();
        Map<String, Long> start = stats(client);
        String histogramAtStart = histogram();

        long began = System.nanoTime();
        long stored = run(client, MESSAGES, "soak");
        long drained = System.nanoTime();

        Map<String, Integer> copies = new HashMap<>();
        for (CapturedMessage m : SANDBOX.get().messages()) {
            copies.merge(m.subject(), 1, Integer::sum);
        }
        long duplicates = copies.values().stream().filter(n -> n > 1).count();
        assertEquals(0, duplicates, "none duplicated");
        assertEquals(MESSAGES, copies.size(), "none lost");
        Map<String, Long> rows = rows(client);
        assertEquals(Map.of("rows.sent", (long) MESSAGES), rows, "every row sent, none in another state");

        assertEquals("purged=" + MESSAGES, client.ok("soak", Map.of("op", "purge-sent"), PATIENCE).trim());
        Map<String, Long> end = stats(client);
        String histogramAtEnd = histogram();
        double seconds = (drained - began) / 1e9;
        double storeSeconds = (stored - began) / 1e9;
        System.out.printf("SOAK messages=%d threads=%d stored in %.1f s (%.0f/s), all delivered after %.1f s (%.0f/s);"
                + " duplicates=%d lost=%d; open connections start=%d end=%d; heap after GC start=%d end=%d bytes;"
                + " at the end %s%n", MESSAGES, THREADS, storeSeconds, MESSAGES / storeSeconds, seconds,
                MESSAGES / seconds, duplicates, MESSAGES - copies.size(), start.get("connections"),
                end.get("connections"), start.get("heapUsed"), end.get("heapUsed"), end);
        System.out.println("SOAK heap after the warm-up:\n" + histogramAtStart + "\nSOAK heap at the end:\n"
                + histogramAtEnd);

        assertEquals(Map.of("database", (long) SoakServlet.POOL, "adapter", (long) SoakServlet.POOL),
                figures(client, "borrow-all"), "no connection leaked: each pool still gives all it has at once");
        assertTrue(end.get("heapUsed") <= start.get("heapUsed") + HEAP_SLACK,
                "heap flat: " + start.get("heapUsed") + " bytes after the warm-up, " + end.get("heapUsed") + " after;"
                        + " the largest classes after the warm-up:\n" + histogramAtStart + "\nand now:\n"
                        + histogramAtEnd);
    }

    /**
     * Stores {@code messages} from {@value #THREADS} threads and waits until the sandbox has them all.
     *
     * @return when everything was stored ({@link System#nanoTime()})
     */
    private static long run(AppClient client, int messages, String prefix) throws Exception {
        assertEquals("stored=" + messages, client.ok("soak", Map.of("op", "send", "threads",
                Integer.toString(THREADS), "messages", Integer.toString(messages), "prefix", prefix), PATIENCE));
        long stored = System.nanoTime();
        waitFor(() -> SANDBOX.get().messages().size() >= messages,
                () -> SANDBOX.get().messages().size() + " of " + messages + " delivered");
        waitFor(() -> {
            try {
                return rows(client).getOrDefault("rows.sent", 0L) == messages;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, () -> "every row marked sent");
        return stored;
    }

    /** The 25 classes with the most live bytes in Payara's heap (jmap), to tell what grew when the heap did. */
    private static String histogram() {
        try {
            ProcessHandle payara = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().orElse("").contains(ItConfig.PAYARA_ROOTS[0]))
                    .findFirst().orElse(null);
            if (payara == null) return "(Payara's process not found)";
            Process jmap = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jmap").toString(),
                    "-histo:live", Long.toString(payara.pid())).redirectErrorStream(true).start();
            List<String> lines = new String(jmap.getInputStream().readAllBytes()).lines().limit(28).toList();
            jmap.waitFor(1, TimeUnit.MINUTES);
            return String.join("\n", lines);
        } catch (IOException e) {
            return "(jmap: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    private static Map<String, Long> rows(AppClient client) throws Exception {
        return figures(client, "rows");
    }

    private static Map<String, Long> stats(AppClient client) throws Exception {
        return figures(client, "stats");
    }

    private static Map<String, Long> figures(AppClient client, String op) throws Exception {
        Map<String, Long> out = new HashMap<>();
        for (String line : client.ok("soak", Map.of("op", op), PATIENCE).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) out.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).trim()));
        }
        return out;
    }

    private static void waitFor(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long polls = PATIENCE.toMillis() / 200;
        for (long i = 0; i < polls; i++) {
            if (condition.getAsBoolean()) return;
            Thread.sleep(200);
        }
        if (!condition.getAsBoolean()) fail("not within " + PATIENCE + ": " + what.get());
    }
}
