package io.graphmail.outbox;

import io.graphmail.config.GraphSettings;
import io.graphmail.engine.Mailer;
import io.graphmail.engine.MailerRegistry;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

/**
 * One node of a cluster, as its own JVM: drains the outbox named by a properties file until it is killed (or its
 * standard input ends: the test's JVM is gone). Started by {@link KilledNodeContract}; prints {@code node <owner>} once
 * it drains, so the test knows its rows in the table.
 *
 * <p>Arguments: the properties file (graphmail's session properties, {@code mail.graph.outbox} included) and the
 * lease in milliseconds.
 */
public final class DrainingNode {

    private DrainingNode() {
    }

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            p.load(in);
        }
        Duration lease = Duration.ofMillis(Long.parseLong(args[1]));
        Outbox box = new Outbox(GraphSettings.from(p), Clock.systemUTC());
        Properties direct = new Properties();
        direct.putAll(p);
        direct.keySet().removeIf(k -> k.toString().startsWith("mail.graph.outbox"));   // the sender's own engine
        Mailer mailer = MailerRegistry.shared().lease(GraphSettings.from(direct)).mailer();
        OutboxSender sender = new OutboxSender(box, mailer, lease);
        box.ensureTable();
        Thread orphaned = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // the test never writes: this only waits for its end
                }
            } catch (java.io.IOException gone) {
                // the same: the test's JVM is gone
            }
            Runtime.getRuntime().halt(3);   // the test's JVM died without killing this node: do not drain on alone
        }, "test-jvm-watch");
        orphaned.setDaemon(true);
        orphaned.start();
        System.out.println("node " + sender.node());
        System.out.flush();
        while (true) {
            if (sender.drainOnce() == 0) {
                Thread.sleep(20);   // nothing due: rows of a dead node become due when its lease ends
            }
        }
    }
}
