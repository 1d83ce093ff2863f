package io.graphmail.outbox;

import io.graphmail.config.GraphSettings;
import io.graphmail.engine.Mailer;
import io.graphmail.engine.MailerRegistry;
import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import jakarta.mail.Message;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

/**
 * Stores one message with a file attachment in the outbox and delivers it, in a JVM of its own, so that a test can
 * give it a small heap ({@link PostgresLargeMessageTest}). Arguments: the session properties file
 * ({@code mail.graph.outbox} included), the file to attach. Exits 0 once the row is sent, 1 with the stack trace
 * otherwise; prints the heap it peaked at.
 */
public final class LargeOutboxMain {

    private LargeOutboxMain() {
    }

    public static void main(String[] args) {
        try {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
                p.load(in);
            }
            Path file = Path.of(args[1]);
            GraphSettings settings = GraphSettings.from(p);
            Outbox box = new Outbox(settings, Clock.systemUTC());
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
            m.setFrom(new InternetAddress("sender@contoso.example"));
            m.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@contoso.example"));
            m.setSubject("large, through the outbox");
            MimeBodyPart text = new MimeBodyPart();
            text.setText("The archive is attached.\r\n", "UTF-8");
            MimeBodyPart attachment = new MimeBodyPart();
            attachment.setDataHandler(new DataHandler(new FileDataSource(file.toFile())));
            attachment.setFileName(file.getFileName().toString());
            attachment.setDisposition(Part.ATTACHMENT);
            m.setContent(new MimeMultipart("mixed", text, attachment));
            m.saveChanges();
            box.store(m, m.getAllRecipients(), null, settings.maxSize());
            long afterStore = peakHeap();

            Properties direct = new Properties();
            direct.putAll(p);
            direct.keySet().removeIf(k -> k.toString().startsWith("mail.graph.outbox"));   // the sender's own engine
            Mailer mailer = MailerRegistry.shared().lease(GraphSettings.from(direct)).mailer();
            OutboxSender sender = new OutboxSender(box, mailer, Duration.ofMinutes(5));
            int claimed = sender.drainOnce();
            sender.close();
            int sent = box.count("sent");
            System.out.println("claimed " + claimed + ", sent " + sent + "; max heap "
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB, peak heap used after storing "
                    + afterStore / (1024 * 1024) + " MB, after sending " + peakHeap() / (1024 * 1024) + " MB");
            System.exit(sent == 1 ? 0 : 1);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
    }

    /** The sum of the heap pools' peaks: an upper bound of what the work needed at once. */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
