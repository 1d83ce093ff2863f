package io.graphmail.sandbox;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar graphmail-sandbox.jar [--port N] [--config file.json] [--data DIR [--keep-mail]]}: starts the
 * sandbox, prints how to point a client at it, and runs until interrupted.
 */
public final class SandboxMain {
    static final String USAGE = String.join(System.lineSeparator(),
        "usage: java -jar graphmail-sandbox-standalone.jar [options]",
        "",
        "A local stand-in for Microsoft Graph mail and the Microsoft identity platform, on https://127.0.0.1:PORT.",
        "",
        "  --port N          listen on port N (default: any free port; 0 means the same)",
        "  --smtp-port N     the SMTP submission endpoint (STARTTLS, AUTH XOAUTH2) on port N (default: any free port)",
        "  --config FILE     tenants, apps, mailboxes and limits as JSON (default: the demo tenant)",
        "  --data DIR        keep the TLS certificate and the trust store in DIR, at the same paths at every start",
        "  --keep-mail       with --data: keep captured mail in DIR/mail and show it again after a restart",
        "  --help            print this and exit",
        "",
        "Captured mail and the admin panel: https://127.0.0.1:PORT/sandbox/  (docs/sandbox.md)");

    private SandboxMain() {
    }

    /**
     * @param args see {@link #USAGE}
     * @throws InterruptedException when interrupted while running
     */
    public static void main(String[] args) throws InterruptedException {
        Launch launch = launch(args, System.out, System.err);
        if (launch.sandbox() == null) {
            System.exit(launch.exitCode());
            return;
        }
        Sandbox sandbox = launch.sandbox();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "graphmail-sandbox-shutdown"));
        stopped.await();
    }

    /**
     * What a start from the command line came to: a running sandbox, or an exit code after the one line that said
     * why not (0 after --help).
     *
     * @param sandbox the running sandbox, or null
     * @param exitCode 0 when running or after --help, 1 when it could not start, 2 for bad arguments
     */
    public record Launch(Sandbox sandbox, int exitCode) {
    }

    /**
     * Starts a sandbox as {@code main} does, reporting failures as one line on {@code err} instead of a stack trace.
     *
     * @param args the arguments
     * @param out where the settings (or --help) are printed
     * @param err where a failure is printed
     * @return the outcome
     */
    public static Launch launch(String[] args, PrintStream out, PrintStream err) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.println(USAGE);
            return new Launch(null, 0);
        }
        try {
            return new Launch(start(args, out), 0);
        } catch (IllegalArgumentException e) {
            err.println("graphmail sandbox: " + e.getMessage() + " (--help lists the options)");
            return new Launch(null, 2);
        } catch (java.nio.file.NoSuchFileException e) {
            err.println("graphmail sandbox: no such file: " + e.getMessage());
            return new Launch(null, 2);
        } catch (IOException e) {
            err.println("graphmail sandbox: " + e.getMessage());
            return new Launch(null, 1);
        } catch (UncheckedIOException e) {
            err.println("graphmail sandbox: " + (e.getCause() instanceof BindException b
                && b.getMessage() != null && b.getMessage().startsWith(SmtpEndpoint.SMTP_PORT_IN_USE)
                ? b.getMessage() + "; choose another with --smtp-port N, or --smtp-port 0 for any free port"
                : e.getCause() instanceof BindException
                ? "port " + portOf(args) + " is already in use (another sandbox?); choose another with --port N, "
                    + "or --port 0 for any free port"
                : e.getMessage()));
            return new Launch(null, 1);
        }
    }

    private static String portOf(String[] args) {
        int i = List.of(args).indexOf("--port");
        return i >= 0 && i + 1 < args.length ? args[i + 1] : "?";
    }

    /**
     * Starts a sandbox from command-line arguments and prints its settings.
     *
     * @param args the arguments
     * @param out where to print
     * @return the running sandbox (the caller closes it)
     * @throws IOException when the config file cannot be read
     * @throws IllegalArgumentException when an argument is wrong
     * @throws UncheckedIOException when the port is taken or the data directory cannot be written
     */
    public static Sandbox start(String[] args, PrintStream out) throws IOException {
        Integer port = null;
        Integer smtpPort = null;
        Path configFile = null;
        Path dataDir = null;
        boolean keepMail = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (List.of("--port", "--smtp-port", "--config", "--data").contains(a) && i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            switch (a) {
                case "--port" -> {
                    try {
                        port = Integer.parseInt(args[++i]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--port needs a number, not '" + args[i] + "'");
                    }
                }
                case "--smtp-port" -> {
                    try {
                        smtpPort = Integer.parseInt(args[++i]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--smtp-port needs a number, not '" + args[i] + "'");
                    }
                }
                case "--config" -> configFile = Path.of(args[++i]);
                case "--data" -> dataDir = Path.of(args[++i]);
                case "--keep-mail" -> keepMail = true;
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        if (keepMail && dataDir == null) {
            throw new IllegalArgumentException("--keep-mail needs --data DIR (where to keep it)");
        }
        SandboxConfig config = configFile == null ? SandboxConfig.demo() : SandboxConfig.fromJson(configFile);
        if (port != null) {
            config = config.toBuilder().port(port).build();
        }
        if (smtpPort != null) {
            config = config.toBuilder().smtp(config.smtp().toBuilder().port(smtpPort).build()).build();
        }
        Sandbox sandbox = Sandbox.start(config, new Sandbox.Storage(dataDir, keepMail));
        print(sandbox, out);
        return sandbox;
    }

    static void print(Sandbox sandbox, PrintStream out) {
        SandboxConfig c = sandbox.config();
        App app = c.apps().values().stream().findFirst().orElse(null);
        String mailbox = c.mailboxes().stream().sorted().findFirst().orElse("");
        if (c.mailboxes().contains("sender@contoso.example")) {
            mailbox = "sender@contoso.example";
        }
        String secret = app == null || app.secrets().isEmpty() ? "" : app.secrets().get(0);
        String tenant = app == null ? c.tenantId() : c.tenantOf(app);
        out.println("graphmail sandbox running (Microsoft Graph mail + identity platform stand-in)");
        out.println("  authority:      " + sandbox.authorityUrl() + "/" + tenant + "/oauth2/v2.0/token");
        out.println("  graph:          " + sandbox.graphUrl() + "/v1.0");
        out.println("  captured mail:  " + sandbox.baseUrl() + "/sandbox/");
        out.println("  device login:   " + sandbox.baseUrl() + "/devicelogin  (delegated sign-in, docs/sandbox.md)");
        out.println("  smtp:           " + sandbox.smtpHost() + ":" + sandbox.smtpPort() + " (STARTTLS, AUTH XOAUTH2)");
        out.println("  tenant id:      " + tenant);
        out.println("  client id:      " + (app == null ? "" : app.clientId()));
        out.println("  client secret:  " + secret);
        out.println("  truststore:     " + sandbox.truststore() + " (password " + sandbox.truststorePassword() + ")");
        out.println();
        out.println("# mail.properties for the graph transport");
        MailProperties.of(sandbox).forEach((k, v) -> {
            if (k.equals("mail.transport.protocol.rfc822")) {
                out.println("# a plain Java application (not an application server) needs this too for Transport.send(msg):");
            }
            out.println(k + "=" + v.replace("\\", "\\\\"));
        });
        out.println("# to submit over SMTP (XOAUTH2) instead of Graph, add:");
        MailProperties.smtp(sandbox).forEach((k, v) -> out.println("# " + k + "=" + v));
        out.println();
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }
}
