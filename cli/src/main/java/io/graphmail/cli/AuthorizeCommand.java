package io.graphmail.cli;

import io.graphmail.auth.CachedSignIn;
import io.graphmail.auth.TokenCacheFile;
import io.graphmail.auth.TokenException;
import io.graphmail.auth.UserSignIn;
import io.graphmail.config.Auth;
import io.graphmail.config.GraphSettings;
import io.graphmail.config.InvalidSettingException;
import io.graphmail.engine.FailureKind;
import io.graphmail.engine.Mailer;
import io.graphmail.graph.HttpClients;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * {@code graphmail authorize}: signs the mailbox's user in once for {@code mail.graph.auth=delegated} and writes the
 * encrypted token cache that graphmail sends with from then on.
 */
final class AuthorizeCommand {

    private static final Set<String> WITH_VALUE = Set.of("config", "port", "wait");
    private static final Set<String> FLAGS = Set.of("help", "browser", "no-open");
    static final String USAGE_TEXT = String.join("\n",
            "Usage: graphmail authorize --config FILE [--browser [--port N] [--no-open]] [--wait MINUTES]",
            "",
            "Signs the mailbox's user in once (mail.graph.auth=delegated) and writes the encrypted token cache",
            "named by mail.graph.tokencache. Run it again when sending reports that the sign-in is no longer valid.",
            "",
            "  (default)      device code: prints a page and a code to enter there, on any device (works over SSH)",
            "  --browser      authorization code with PKCE in a browser; the sign-in page redirects to",
            "                 http://localhost:PORT on this machine (register http://localhost as a redirect URI)",
            "  --port N       the loopback port to listen on (default: any free port)",
            "  --no-open      only print the sign-in address; do not try to open a browser",
            "  --wait MINUTES how long to wait for the browser sign-in (default 10)",
            "",
            "Exit codes: 0 signed in and cache written, 2 bad arguments, 3 configuration or sign-in refused,",
            "5 network or service outage.");

    private final PrintStream out;
    private final PrintStream err;

    AuthorizeCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> argv) {
        Args args;
        Properties props;
        int port;
        Duration wait;
        try {
            args = Args.parse(argv, WITH_VALUE, FLAGS);
            if (args.has("help")) {
                out.println(USAGE_TEXT);
                return Main.OK;
            }
            if (!args.has("config")) throw new UsageException("--config FILE is required");
            props = SendCommand.load(Path.of(args.one("config")));
            port = args.has("port") ? number(args.one("port"), "--port", 0, 65535) : 0;
            wait = Duration.ofMinutes(args.has("wait") ? number(args.one("wait"), "--wait", 1, 60) : 10);
            if (!args.has("browser") && (args.has("port") || args.has("no-open"))) {
                throw new UsageException("--port and --no-open go with --browser");
            }
        } catch (UsageException e) {
            err.println("graphmail: " + e.getMessage());
            return Main.USAGE;
        }
        GraphSettings settings;
        try {
            settings = GraphSettings.from(props);
        } catch (InvalidSettingException e) {
            err.println("graphmail: " + e.getMessage());
            return Main.CONFIGURATION;
        }
        if (settings.signIn().auth() != Auth.DELEGATED) {
            err.println("graphmail: authorize signs a user in for mail.graph.auth=delegated; this configuration signs"
                    + " in as the application (mail.graph.auth=application), which needs no authorize: set"
                    + " mail.graph.auth=delegated, mail.graph.tokencache and mail.graph.tokencache.password first");
            return Main.CONFIGURATION;
        }
        try (HttpClients.Lease http = HttpClients.lease(settings.truststore(), settings.truststorePassword(),
                Duration.ofMillis(settings.connectionTimeoutMillis()), GraphSettings.TRUSTSTORE)) {
            UserSignIn signIn = new UserSignIn(settings.authority(), settings.tenant(), settings.clientId(),
                    Mailer.credential(settings), settings.scope(),
                    new TokenCacheFile(settings.signIn().tokenCache(), settings.signIn().tokenCachePassword()),
                    http::client, Duration.ofMillis(settings.timeoutMillis()), Clock.systemUTC());
            CachedSignIn done = args.has("browser")
                    ? signIn.browser(port, url -> show(url, !args.has("no-open")), wait)
                    : signIn.deviceCode(message -> {
                        out.println(message);
                        out.flush();
                    });
            out.println("✓ signed in as " + done.username() + " for " + done.scopes());
            out.println("✓ token cache written: " + settings.signIn().tokenCache() + " (encrypted, readable by its"
                    + " owner only)");
            return Main.OK;
        } catch (TokenException e) {
            err.println("graphmail: " + e.getMessage());
            return FailureKind.of(e) == FailureKind.OUTAGE ? Main.OUTAGE : Main.CONFIGURATION;
        } catch (IOException e) {
            err.println("graphmail: " + e.getMessage());
            return Main.CONFIGURATION;
        }
    }

    private void show(URI url, boolean tryOpen) {
        out.println("Open this address in a browser and sign in as the mailbox's user:");
        out.println(url);
        out.flush();
        if (tryOpen && !java.awt.GraphicsEnvironment.isHeadless() && java.awt.Desktop.isDesktopSupported()
                && java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.BROWSE)) {
            try {
                java.awt.Desktop.getDesktop().browse(url);
            } catch (IOException | UnsupportedOperationException e) {
                out.println("(could not open a browser: " + e.getMessage() + ")");
            }
        }
    }

    private static int number(String value, String option, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " " + value + ": expected a number from " + min + " to " + max);
        }
    }
}
