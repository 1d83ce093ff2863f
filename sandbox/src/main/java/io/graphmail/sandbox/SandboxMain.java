package io.graphmail.sandbox;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar graphmail-sandbox.jar [--port N] [--config file.json]}: starts the sandbox, prints how to
 * point the graph transport at it, and runs until interrupted.
 */
public final class SandboxMain {
    private SandboxMain() {
    }

    /**
     * @param args {@code --port N}, {@code --config file.json}
     * @throws Exception when the sandbox cannot start
     */
    public static void main(String[] args) throws Exception {
        Sandbox sandbox;
        try {
            sandbox = start(args, System.out);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("graphmail sandbox: " + e.getMessage());
            System.err.println("usage: java -jar graphmail-sandbox.jar [--port N] [--config file.json]");
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "graphmail-sandbox-shutdown"));
        stopped.await();
    }

    /**
     * Starts a sandbox from command-line arguments and prints its settings.
     *
     * @param args the arguments
     * @param out where to print
     * @return the running sandbox (the caller closes it)
     * @throws IOException when the config file cannot be read
     */
    public static Sandbox start(String[] args, PrintStream out) throws IOException {
        Integer port = null;
        Path configFile = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("--port") || a.equals("--config")) && i + 1 >= args.length) {
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
                case "--config" -> configFile = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        SandboxConfig config = configFile == null ? SandboxConfig.demo() : SandboxConfig.fromJson(configFile);
        if (port != null) {
            config = config.toBuilder().port(port).build();
        }
        Sandbox sandbox = Sandbox.start(config);
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
        out.println();
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }
}
