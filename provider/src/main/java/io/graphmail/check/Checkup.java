package io.graphmail.check;

import com.microsoft.aad.msal4j.IClientCertificate;
import io.graphmail.auth.Credentials;
import io.graphmail.config.Auth;
import io.graphmail.config.GraphSettings;
import io.graphmail.config.Submit;
import io.graphmail.engine.FailureKind;

import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

/**
 * Checks one configuration step by step, the way an administrator would by hand: the settings, the credential and its
 * certificate's expiry, DNS, TCP and TLS to every host the chosen wire needs, the delegated sign-in, a token and its
 * permissions, and the clock. {@code graphmail doctor} prints it; the resource adapter logs it once per factory and
 * returns it from {@code verify()}.
 */
public final class Checkup {

    private final GraphSettings settings;
    private final CheckReport report;
    private final Clock clock;

    private Checkup(GraphSettings settings, CheckReport report, Clock clock) {
        this.settings = settings;
        this.report = report;
        this.clock = clock;
    }

    /**
     * Runs every check that applies to {@code settings}.
     *
     * @param unknownKeys the {@code mail.graph.*} keys graphmail does not know, each with the closest known name
     */
    public static CheckReport run(GraphSettings settings, List<String> unknownKeys, CheckReport report) {
        return run(settings, unknownKeys, report, Clock.systemUTC());
    }

    /** As {@link #run(GraphSettings, List, CheckReport)}, with this machine's clock as given (for tests). */
    public static CheckReport run(GraphSettings settings, List<String> unknownKeys, CheckReport report, Clock clock) {
        new Checkup(settings, report, clock).run(unknownKeys);
        return report;
    }

    private void run(List<String> unknownKeys) {
        report.ok("settings: tenant " + settings.tenant() + ", app " + settings.clientId() + ", cloud "
                + settings.cloud().propertyValue() + ", sign-in " + settings.signIn().auth().propertyValue()
                + ", wire " + settings.signIn().submit().propertyValue());
        for (String unknown : unknownKeys) {
            report.warn("settings: " + unknown + " (ignored; mail.graph.strict=true makes it an error)");
        }
        if (settings.needsClientSecret()) {
            report.fail(FailureKind.CONFIGURATION, "credential: none: set mail.graph.client.secret, .certificate or"
                    + " .assertion.file");
            return;
        }
        certificateExpiry();
        NetworkCheck network = new NetworkCheck(report, settings);
        HttpResponse<Void> identity = network.https("identity platform", settings.authority());
        boolean smtp = settings.signIn().submit() == Submit.SMTP;
        HttpResponse<Void> graph = smtp ? null : network.https("Graph", settings.endpoint());
        boolean smtpPath = !smtp || network.smtp(settings.signIn().smtpHost(), settings.signIn().smtpPort());
        if (identity == null || (!smtp && graph == null) || !smtpPath) return;
        TokenCheck tokens = new TokenCheck(report, settings);
        if (settings.signIn().auth() == Auth.DELEGATED && !tokens.cachedSignIn()) return;
        tokens.token();
        clock(smtp ? identity : graph, smtp ? "the identity platform" : "Graph");
    }

    /** The server's Date (from the answer the path check already got) against this machine's clock. */
    private void clock(HttpResponse<Void> answer, String who) {
        String date = answer.headers().firstValue("Date").orElse(null);
        if (date == null) {
            report.warn("clock: " + who + " sent no Date header to compare with");
            return;
        }
        try {
            Instant server = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            long skew = Math.abs(Duration.between(server, clock.instant()).toSeconds());
            if (skew > 300) {
                report.fail(FailureKind.CONFIGURATION, "clock: this machine is " + skew + " s off " + who
                        + "'s clock: tokens may be refused; synchronise the clock (NTP)");
            } else {
                report.ok("clock: within " + Math.max(skew, 1) + " s of " + who + "'s");
            }
        } catch (java.time.format.DateTimeParseException e) {
            report.warn("clock: the Date '" + date + "' of " + who + " could not be read");
        }
    }

    private void certificateExpiry() {
        if (settings.certificate() == null) return;
        try {
            Object credential = Credentials.certificate(settings.certificate(), settings.certificatePassword(),
                    GraphSettings.CERTIFICATE);
            String der = ((IClientCertificate) credential).getEncodedPublicKeyCertificateChain().get(0);
            X509Certificate cert = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(Base64.getDecoder().decode(der)));
            Instant notAfter = cert.getNotAfter().toInstant();
            long days = Duration.between(clock.instant(), notAfter).toDays();
            if (notAfter.isBefore(clock.instant())) {
                report.fail(FailureKind.CONFIGURATION, "certificate: expired on " + notAfter + ": upload a new one"
                        + " to the app registration and point mail.graph.client.certificate at it");
            } else if (days < 30) {
                report.warn("certificate: expires in " + days + " days (" + notAfter + "): renew it now");
            } else {
                report.ok("certificate: valid until " + notAfter);
            }
        } catch (Exception e) {
            report.fail(FailureKind.CONFIGURATION, "certificate: " + e.getMessage());
        }
    }
}
