package io.graphmail.cli;

import com.microsoft.aad.msal4j.IClientCertificate;
import io.graphmail.auth.AccessToken;
import io.graphmail.auth.Credentials;
import io.graphmail.auth.TokenException;
import io.graphmail.config.GraphSettings;
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
    private int failure = Main.OK;

    DoctorCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
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
            return failure;
        }
        for (String unknown : GraphSettings.unknownKeys(props)) {
            warn("settings: " + unknown + " (ignored; mail.graph.strict=true makes it an error)");
        }
        if (settings.needsClientSecret()) {
            fail(Main.CONFIGURATION, "credential: none: set mail.graph.client.secret, .certificate or"
                    + " .assertion.file");
            return failure;
        }
        certificateExpiry(settings);
        HttpResponse<Void> identity = path("identity platform", settings.authority(), settings);
        HttpResponse<Void> graph = path("Graph", settings.endpoint(), settings);
        if (identity == null || graph == null) return failure;
        token(settings);
        clock(graph);
        if (failure == Main.OK && args.has("send-test")) {
            try {
                List<String> send = new ArrayList<>(List.of("--config", args.one("config"), "--to",
                        args.one("send-test"), "--subject", "graphmail doctor test"));
                int code = new SendCommand(out, err).run(send);
                if (code != Main.OK) failure = code;
            } catch (UsageException e) {
                fail(Main.USAGE, e.getMessage());
            }
        }
        out.println(failure == Main.OK ? "Everything sending needs holds." : "Not ready: fix the ✗ lines above.");
        return failure;
    }

    /** DNS, TCP and TLS to one host; its answer to a GET of its root, or null when it cannot be reached. */
    private HttpResponse<Void> path(String what, URI url, GraphSettings settings) {
        String host = url.getHost();
        int port = url.getPort() > 0 ? url.getPort() : 443;
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            ok(what + ": " + host + " resolves to " + addresses[0].getHostAddress());
        } catch (Exception e) {
            fail(Main.OUTAGE, what + ": " + host + " does not resolve (" + e.getMessage() + "): check DNS");
            return null;
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), settings.connectionTimeoutMillis());
            ok(what + ": TCP to " + host + ":" + port);
        } catch (Exception e) {
            fail(Main.OUTAGE, what + ": no TCP connection to " + host + ":" + port + " (" + e.getMessage()
                    + "): check the firewall and proxy");
            return null;
        }
        try (HttpClients.Lease lease = HttpClients.lease(settings.truststore(), settings.truststorePassword(),
                Duration.ofMillis(settings.connectionTimeoutMillis()), GraphSettings.TRUSTSTORE)) {
            HttpResponse<Void> r = lease.client().send(HttpRequest.newBuilder(url.resolve("/"))
                    .timeout(Duration.ofMillis(settings.timeoutMillis())).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            ok(what + ": TLS to " + host + " trusted (HTTP " + r.statusCode() + ")");
            return r;
        } catch (Exception e) {
            fail(Main.OUTAGE, what + ": TLS to " + host + " failed (" + e + "): a TLS-inspecting proxy needs its CA"
                    + " in a trust store named by mail.graph.ssl.truststore");
            return null;
        }
    }

    /** A token, decoded: whom it is for and what it allows. */
    private void token(GraphSettings settings) {
        try (MailerRegistry.Lease lease = MailerRegistry.shared().lease(settings)) {
            AccessToken token = lease.mailer().verify();
            JsonNode claims = claims(token);
            Set<String> roles = new java.util.TreeSet<>();
            claims.path("roles").forEach(r -> roles.add(r.asText()));
            ok("token: tenant " + claims.path("tid").asText("?") + ", app " + claims.path("appid").asText(
                    claims.path("azp").asText("?")) + ", audience " + claims.path("aud").asText("?") + ", roles "
                    + roles + ", expires " + token.expiresAt());
            if (!roles.contains("Mail.Send")) {
                fail(Main.CONFIGURATION, "permission: the token has no Mail.Send: add the Microsoft Graph application"
                        + " permission Mail.Send to the app registration and grant admin consent");
            } else {
                ok("permission: Mail.Send");
            }
            if (!roles.contains("Mail.ReadWrite")) {
                warn("permission: no Mail.ReadWrite: messages over about 3 MB cannot be sent (they go as a draft),"
                        + " and an outbox sends at most once instead of exactly once");
            } else {
                ok("permission: Mail.ReadWrite (large messages, exactly once from an outbox)");
            }
        } catch (TokenException e) {
            fail(exitCode(e), "token: " + e.getMessage());
        } catch (Exception e) {
            fail(exitCode(e), "token: " + e.getMessage());
        }
    }

    /** Graph's Date (from the answer the path check already got) against this machine's clock. */
    private void clock(HttpResponse<Void> graph) {
        String date = graph.headers().firstValue("Date").orElse(null);
        if (date == null) {
            warn("clock: Graph sent no Date header to compare with");
            return;
        }
        try {
            Instant server = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            long skew = Math.abs(Duration.between(server, Instant.now()).toSeconds());
            if (skew > 300) {
                fail(Main.CONFIGURATION, "clock: this machine is " + skew + " s off Graph's clock: tokens may be"
                        + " refused; synchronise the clock (NTP)");
            } else {
                ok("clock: within " + Math.max(skew, 1) + " s of Graph's");
            }
        } catch (java.time.format.DateTimeParseException e) {
            warn("clock: Graph's Date '" + date + "' could not be read");
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

    private static JsonNode claims(AccessToken token) throws java.io.IOException {
        String[] parts = token.value().split("\\.");
        if (parts.length < 2) return Json.mapper().createObjectNode();
        return Json.mapper().readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    private static int exitCode(Exception e) {
        return switch (FailureKind.of(e)) {
            case OUTAGE -> Main.OUTAGE;
            case REFUSED -> Main.SEND_FAILED;
            case UNCERTAIN -> Main.UNCERTAIN;
            case CONFIGURATION -> Main.CONFIGURATION;
        };
    }

    private void ok(String line) {
        out.println("✓ " + line);
    }

    private void warn(String line) {
        out.println("! " + line);
    }

    private void fail(int code, String line) {
        out.println("✗ " + line);
        if (failure == Main.OK) failure = code;
    }
}
