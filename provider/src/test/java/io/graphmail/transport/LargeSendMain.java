package io.graphmail.transport;

import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import jakarta.mail.Message;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Transport;
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
import java.util.Properties;

/**
 * Sends one message with a file attachment through graph, in a JVM of its own, so that a test can give it a small
 * heap ({@link LargeMessageMemoryTest}). Arguments: the session properties file, the file to attach. Exits 0 once
 * Graph accepted the message, 1 with the stack trace otherwise; prints the heap it peaked at.
 */
public final class LargeSendMain {

    private LargeSendMain() {
    }

    public static void main(String[] args) throws Exception {
        try {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
                p.load(in);
            }
            Path file = Path.of(args[1]);
            Session session = Session.getInstance(p);
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress(Demo.SENDER));
            m.setRecipient(Message.RecipientType.TO, new InternetAddress(Demo.ALICE));
            m.setSubject("100 MB");
            MimeBodyPart text = new MimeBodyPart();
            text.setText("The archive is attached.\r\n", "UTF-8");
            MimeBodyPart attachment = new MimeBodyPart();
            attachment.setDataHandler(new DataHandler(new FileDataSource(file.toFile())));
            attachment.setFileName(file.getFileName().toString());
            attachment.setDisposition(Part.ATTACHMENT);
            MimeMultipart mixed = new MimeMultipart("mixed", text, attachment);
            m.setContent(mixed);
            Transport.send(m);
            System.out.println("sent; max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                    + " MB, peak heap used " + peakHeap() / (1024 * 1024) + " MB");
            System.exit(0);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
    }

    /** The sum of the heap pools' peaks: an upper bound of what the send needed at once. */
    static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
