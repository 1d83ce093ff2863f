package io.graphmail.cli;

import io.graphmail.engine.FailureKind;
import io.graphmail.engine.SendOutcome;
import io.graphmail.sandbox.Sandbox;
import io.graphmail.transport.GraphTransport;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/** {@code graphmail send}: builds one message from flags and sends it with the graph transport. */
final class SendCommand {

    private static final Set<String> WITH_VALUE = Set.of("config", "to", "cc", "bcc", "from", "subject", "text", "html", "attach");
    private static final Set<String> FLAGS = Set.of("sandbox", "help");

    private final PrintStream out;
    private final PrintStream err;

    SendCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> argv) {
        try {
            Args args = Args.parse(argv, WITH_VALUE, FLAGS);
            if (args.has("help")) {
                out.println(Main.USAGE_TEXT);
                return Main.OK;
            }
            if (args.has("sandbox") == args.has("config")) {
                throw new UsageException("give either --config FILE (a real tenant) or --sandbox (the local sandbox)");
            }
            if (args.all("to").isEmpty()) {
                throw new UsageException("--to is required: who should receive the test message?");
            }
            if (args.has("sandbox")) {
                try (Sandbox sandbox = Sandbox.start()) {
                    int code = send(args, sandbox.mailProperties());
                    if (code == Main.OK) {
                        CapturedPrinter.print(sandbox, out);
                    }
                    return code;
                }
            }
            return send(args, load(Path.of(args.one("config"))));
        } catch (UsageException e) {
            err.println("graphmail: " + e.getMessage());
            return Main.USAGE;
        }
    }

    private int send(Args args, Properties props) throws UsageException {
        Session session = Session.getInstance(props);
        MimeMessage message = build(session, args, props);
        try {
            Transport t = session.getTransport("graph");
            try {
                t.connect();
                t.sendMessage(message, message.getAllRecipients());
            } finally {
                t.close();
            }
            String requestId = t instanceof GraphTransport ? ((GraphTransport) t).lastRequestId() : null;
            SendOutcome outcome = t instanceof GraphTransport ? ((GraphTransport) t).lastOutcome() : null;
            if (outcome != null && outcome.status() == SendOutcome.Status.STORED) {
                out.println("Stored: \"" + message.getSubject() + "\" is " + outcome.text() + "; the outbox's"
                        + " sender in every application using this configuration delivers it (graphmail outbox"
                        + " --config FILE shows what waits).");
                return Main.OK;
            }
            out.println("Sent: Microsoft Graph accepted \"" + message.getSubject() + "\" for "
                    + message.getAllRecipients().length + " recipient(s)"
                    + (requestId != null ? " (request-id " + requestId + ")" : "") + ".");
            return Main.OK;
        } catch (MessagingException e) {
            err.println("graphmail: " + e.getMessage());
            return exitCode(FailureKind.of(e));
        }
    }

    static int exitCode(FailureKind kind) {
        return switch (kind) {
            case REFUSED -> Main.SEND_FAILED;
            case CONFIGURATION -> Main.CONFIGURATION;
            case UNCERTAIN -> Main.UNCERTAIN;
            case OUTAGE -> Main.OUTAGE;
        };
    }

    private static MimeMessage build(Session session, Args args, Properties props) throws UsageException {
        try {
            MimeMessage m = new MimeMessage(session);
            String from = args.one("from");
            if (from == null) from = props.getProperty("mail.graph.user");
            if (from != null) m.setFrom(address("from", from));
            m.setRecipients(Message.RecipientType.TO, addresses("to", args.all("to")));
            if (!args.all("cc").isEmpty()) m.setRecipients(Message.RecipientType.CC, addresses("cc", args.all("cc")));
            if (!args.all("bcc").isEmpty()) m.setRecipients(Message.RecipientType.BCC, addresses("bcc", args.all("bcc")));
            String subject = args.one("subject");
            m.setSubject(subject == null ? "graphmail test" : subject, "UTF-8");
            String text = args.one("text");
            if (text == null) text = "This is a test message sent by graphmail through Microsoft Graph.";
            String html = args.one("html");
            List<MimeBodyPart> attachments = new ArrayList<>();
            for (String f : args.all("attach")) {
                MimeBodyPart part = new MimeBodyPart();
                part.attachFile(readable("attach", f).toFile());
                attachments.add(part);
            }
            if (html == null && attachments.isEmpty()) {
                m.setText(text, "UTF-8");
            } else {
                MimeMultipart body = new MimeMultipart("alternative");
                MimeBodyPart plain = new MimeBodyPart();
                plain.setText(text, "UTF-8");
                body.addBodyPart(plain);
                if (html != null) {
                    MimeBodyPart rich = new MimeBodyPart();
                    rich.setText(Files.readString(readable("html", html), StandardCharsets.UTF_8), "UTF-8", "html");
                    body.addBodyPart(rich);
                }
                if (attachments.isEmpty()) {
                    m.setContent(body);
                } else {
                    MimeMultipart mixed = new MimeMultipart("mixed");
                    MimeBodyPart wrapper = new MimeBodyPart();
                    wrapper.setContent(body);
                    mixed.addBodyPart(wrapper);
                    for (MimeBodyPart a : attachments) mixed.addBodyPart(a);
                    m.setContent(mixed);
                }
            }
            m.saveChanges();
            return m;
        } catch (MessagingException | IOException e) {
            throw new UsageException("could not build the message: " + e.getMessage());
        }
    }

    private static InternetAddress[] addresses(String flag, List<String> values) throws UsageException {
        List<InternetAddress> out = new ArrayList<>();
        for (String v : values) {
            for (String one : v.split(",")) {
                if (!one.isBlank()) out.add(address(flag, one.trim()));
            }
        }
        return out.toArray(new InternetAddress[0]);
    }

    private static InternetAddress address(String flag, String value) throws UsageException {
        try {
            InternetAddress a = new InternetAddress(value, true);
            a.validate();
            return a;
        } catch (AddressException e) {
            throw new UsageException("--" + flag + " " + value + " is not an email address (" + e.getMessage() + ")");
        }
    }

    private static Path readable(String flag, String file) throws UsageException {
        Path p = Path.of(file);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new UsageException("--" + flag + " " + file + ": no readable file there");
        }
        return p;
    }

    static Properties load(Path file) throws UsageException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(readable("config", file.toString()))) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("--config " + file + " could not be read as a properties file: " + e.getMessage());
        }
        return p;
    }
}
