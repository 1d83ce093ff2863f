package io.graphmail.cli;

import com.microsoft.aad.msal4j.IClientCertificate;
import io.graphmail.auth.AccessToken;
import io.graphmail.auth.Credentials;
import io.graphmail.auth.TokenException;
import io.graphmail.config.Auth;
import io.graphmail.config.GraphSettings;
import io.graphmail.config.Submit;
import io.graphmail.config.InvalidSettingException;
import io.graphmail.engine.FailureKind;
import io.graphmail.engine.MailerRegistry;
import io.graphmail.graph.HttpClients;
import io.graphmail.graph.Json;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * {@code graphmail doctor}: checks a configuration step by step, the way an administrator would by hand, and says for
 * each check what holds or what to fix. Exit 0 only when everything sending needs holds (warnings do not count).
 */
final class DoctorCommand {

    private static final Set<String> WITH_VALUE = Set.of("config", "send-test");
    private static final Set<String> FLAGS = Set.of("help");
    static final String USAGE_TEXT = String.join("\n",
            "Usage: graphmail doctor --config FILE [--send-test ADDRESS]",
            "",
            "Checks the settings, the network path and TLS to the identity platform and Graph, a token and its",
            "permissions, the clock, the certificate's expiry, and optionally sends a test message.",
            "",
            "Exit codes: 0 everything needed holds, 2 bad arguments, 3 configuration or credentials, 5 network or",
            "service outage, 1 the test message was refused.");

    private final PrintStream out;
    private final PrintStream err;
    private final Report report;

    DoctorCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        this.report = new Report(out);
    }

    int run(List<String> argv) {
        Args args;
        Properties props;
        try {
            args = Args.parse(argv, WITH_VALUE, FLAGS);
            if (args.has("help")) {
                out.println(USAGE_TEXT);
                return Main.OK;
            }
            if (!args.has("config")) throw new UsageException("--config FILE is required");
            props = SendCommand.load(Path.of(args.one("config")));
        } catch (UsageException e) {
            err.println("graphmail: " + e.getMessage());
            return Main.USAGE;
        }
        GraphSettings settings;
        try {
            settings = GraphSettings.from(props);
            ok("settings: tenant " + settings.tenant() + ", app " + settings.clientId() + ", cloud "
                    + settings.cloud().propertyValue());
        } catch (InvalidSettingException e) {
            fail(Main.CONFIGURATION, "settings: " + e.getMessage());
            return report.failure();
        }
        for (String unknown : GraphSettings.unknownKeys(props)) {
            warn("settings: " + unknown + " (ignored; mail.graph.strict=true makes it an error)");
        }
        if (settings.needsClientSecret()) {
            fail(Main.CONFIGURATION, "credential: none: set mail.graph.client.secret, .certificate or"
                    + " .assertion.file");
            return report.failure();
        }
        certificateExpiry(settings);
        NetworkCheck network = new NetworkCheck(report, settings);
        HttpResponse<Void> identity = network.https("identity platform", settings.authority());
        boolean smtp = settings.signIn().submit() == Submit.SMTP;
        HttpResponse<Void> graph = smtp ? null : network.https("Graph", settings.endpoint());
        boolean smtpPath = !smtp || network.smtp(settings.signIn().smtpHost(), settings.signIn().smtpPort());
        if (identity == null || (!smtp && graph == null) || !smtpPath) return report.failure();
        TokenCheck tokens = new TokenCheck(report, settings);
        if (settings.signIn().auth() == Auth.DELEGATED && !tokens.cachedSignIn()) return report.failure();
        tokens.token();
        clock(smtp ? identity : graph, smtp ? "the identity platform" : "Graph");
        if (!report.failed() && args.has("send-test")) {
            try {
                List<String> send = new ArrayList<>(List.of("--config", args.one("config"), "--to",
                        args.one("send-test"), "--subject", "graphmail doctor test"));
                int code = new SendCommand(out, err).run(send);
                if (code != Main.OK) report.fail(code, "send-test: not sent (see above)");
            } catch (UsageException e) {
                report.fail(Main.USAGE, e.getMessage());
            }
        }
        out.println(!report.failed() ? "Everything sending needs holds." : "Not ready: fix the ✗ lines above.");
        return report.failure();
    }

    /** The server's Date (from the answer the path check already got) against this machine's clock. */
    private void clock(HttpResponse<Void> answer, String who) {
        String date = answer.headers().firstValue("Date").orElse(null);
        if (date == null) {
            warn("clock: " + who + " sent no Date header to compare with");
            return;
        }
        try {
            Instant server = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            long skew = Math.abs(Duration.between(server, Instant.now()).toSeconds());
            if (skew > 300) {
                fail(Main.CONFIGURATION, "clock: this machine is " + skew + " s off " + who + "'s clock: tokens may be"
                        + " refused; synchronise the clock (NTP)");
            } else {
                ok("clock: within " + Math.max(skew, 1) + " s of " + who + "'s");
            }
        } catch (java.time.format.DateTimeParseException e) {
            warn("clock: the Date '" + date + "' of " + who + " could not be read");
        }
    }

    private void certificateExpiry(GraphSettings settings) {
        if (settings.certificate() == null) return;
        try {
            Object credential = Credentials.certificate(settings.certificate(), settings.certificatePassword(),
                    GraphSettings.CERTIFICATE);
            String der = ((IClientCertificate) credential).getEncodedPublicKeyCertificateChain().get(0);
            X509Certificate cert = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(Base64.getDecoder().decode(der)));
            Instant notAfter = cert.getNotAfter().toInstant();
            long days = Duration.between(Instant.now(), notAfter).toDays();
            if (notAfter.isBefore(Instant.now())) {
                fail(Main.CONFIGURATION, "certificate: expired on " + notAfter + ": upload a new one to the app"
                        + " registration and point mail.graph.client.certificate at it");
            } else if (days < 30) {
                warn("certificate: expires in " + days + " days (" + notAfter + "): renew it now");
            } else {
                ok("certificate: valid until " + notAfter);
            }
        } catch (Exception e) {
            fail(Main.CONFIGURATION, "certificate: " + e.getMessage());
        }
    }

    static int exitCode(Exception e) {
        return switch (FailureKind.of(e)) {
            case OUTAGE -> Main.OUTAGE;
            case REFUSED -> Main.SEND_FAILED;
            case UNCERTAIN -> Main.UNCERTAIN;
            case CONFIGURATION -> Main.CONFIGURATION;
        };
    }

    private void ok(String line) {
        report.ok(line);
    }

    private void warn(String line) {
        report.warn(line);
    }

    private void fail(int code, String line) {
        report.fail(code, line);
    }
}
