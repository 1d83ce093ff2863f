package io.graphmail.transport;

import io.graphmail.sandbox.CapturedAttachment;
import io.graphmail.sandbox.CapturedMessage;
import io.graphmail.sandbox.SandboxConfig;
import io.graphmail.sandbox.SandboxExtension;
import io.graphmail.config.GraphSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 100 MB attachment sent from a JVM with a 96 MB heap: proof that graphmail streams the message (measuring,
 * draft, upload) instead of holding it or its base64. The sandbox runs here, in the test's JVM, where memory is
 * plentiful; the sender runs in a forked JVM started with -Xmx96m.
 */
class LargeMessageMemoryTest {

    static final long SIZE = 100L * 1024 * 1024;

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.demo().toBuilder()
            .maxMessageBytes(200L * 1024 * 1024)   // 100 MB of attachment is ~137 MB of MIME; Exchange's 35 MB default
            .build());

    @Test
    void hundredMegabyteFileSendsWithA96MegabyteHeap(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("archive-100MB.bin");
        byte[] chunk = new byte[1024 * 1024];
        Random random = new Random(42);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < SIZE; written += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        Properties p = Demo.properties(SANDBOX.get());
        p.setProperty(GraphSettings.MAX_SIZE, String.valueOf(GraphSettings.LARGEST_MAX_SIZE));
        p.setProperty("mail.graph.timeout", "120000");
        Path properties = dir.resolve("mail.properties");
        try (OutputStream out = Files.newOutputStream(properties)) {
            p.store(out, null);
        }
        Path log = dir.resolve("sender.log");
        Process sender = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-cp", System.getProperty("java.class.path"),
                LargeSendMain.class.getName(), properties.toString(), file.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean ended = sender.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            sender.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println("forked sender: " + output.strip());
        assertTrue(ended, "the sender did not finish in 5 minutes: " + output);
        assertEquals(0, sender.exitValue(), output);

        List<CapturedMessage> captured = SANDBOX.get().messages();
        assertEquals(1, captured.size());
        CapturedMessage c = captured.get(0);
        assertEquals("draft", c.submittedVia());
        assertEquals(1, c.attachments().size(), c.attachments().toString());
        CapturedAttachment a = c.attachments().get(0);
        assertEquals("archive-100MB.bin", a.name());
        assertEquals(SIZE, a.size());
        assertEquals(0, SANDBOX.get().drafts());
        SANDBOX.get().clearMessages();   // let the ~137 MB capture go before other test classes run
    }
}
