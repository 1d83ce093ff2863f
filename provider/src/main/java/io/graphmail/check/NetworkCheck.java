package io.graphmail.check;

import io.graphmail.config.GraphSettings;
import io.graphmail.engine.FailureKind;
import io.graphmail.graph.HttpClients;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** DNS, TCP and TLS to each host graphmail talks to, with the certificate chain the host showed when TLS fails. */
final class NetworkCheck {

    private final CheckReport report;
    private final GraphSettings settings;

    NetworkCheck(CheckReport report, GraphSettings settings) {
        this.report = report;
        this.settings = settings;
    }

    /** An HTTPS host's answer to a GET of its root, or null when it cannot be reached or trusted. */
    HttpResponse<Void> https(String what, URI url) {
        String host = url.getHost();
        int port = url.getPort() > 0 ? url.getPort() : 443;
        if (!reachable(what, host, port)) return null;
        try (HttpClients.Lease lease = HttpClients.lease(settings.truststore(), settings.truststorePassword(),
                Duration.ofMillis(settings.connectionTimeoutMillis()), GraphSettings.TRUSTSTORE)) {
            HttpResponse<Void> r = lease.client().send(HttpRequest.newBuilder(url.resolve("/"))
                    .timeout(Duration.ofMillis(settings.timeoutMillis())).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            report.ok(what + ": TLS to " + host + " trusted (HTTP " + r.statusCode() + ")");
            return r;
        } catch (Exception e) {
            report.fail(FailureKind.OUTAGE, what + ": TLS to " + host + " failed (" + e + "): a TLS-inspecting proxy needs"
                    + " its CA in a trust store named by mail.graph.ssl.truststore");
            chain(host, port, false);
            return null;
        }
    }

    /** The SMTP submission host: a 220 greeting, EHLO, STARTTLS and a trusted certificate. */
    boolean smtp(String host, int port) {
        String what = "SMTP";
        if (!reachable(what, host, port)) return false;
        try {
            SSLContext ctx = settings.truststore() != null ? HttpClients.sslContext(settings.truststore(),
                    settings.truststorePassword(), GraphSettings.TRUSTSTORE) : SSLContext.getDefault();
            String offered = startTls(host, port, ctx, true);
            report.ok(what + ": STARTTLS to " + host + ":" + port + " trusted; after it the server offers AUTH "
                    + (offered == null ? "nothing" : offered));
            if (offered == null || !offered.toUpperCase(java.util.Locale.ROOT).contains("XOAUTH2")) {
                report.fail(FailureKind.CONFIGURATION, what + ": " + host + " does not offer AUTH XOAUTH2 after STARTTLS:"
                        + " check mail.graph.smtp.host (Exchange Online: smtp.office365.com)");
                return false;
            }
            return true;
        } catch (Exception e) {
            report.fail(FailureKind.OUTAGE, what + ": STARTTLS to " + host + ":" + port + " failed (" + e + "): check"
                    + " mail.graph.smtp.host and .port, a firewall that blocks 587, and the trust store");
            chain(host, port, true);
            return false;
        }
    }

    private boolean reachable(String what, String host, int port) {
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            report.ok(what + ": " + host + " resolves to " + addresses[0].getHostAddress());
        } catch (Exception e) {
            report.fail(FailureKind.OUTAGE, what + ": " + host + " does not resolve (" + e.getMessage() + "): check DNS");
            return false;
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), settings.connectionTimeoutMillis());
            report.ok(what + ": TCP to " + host + ":" + port);
            return true;
        } catch (Exception e) {
            report.fail(FailureKind.OUTAGE, what + ": no TCP connection to " + host + ":" + port + " (" + e.getMessage()
                    + "): check the firewall and proxy");
            return false;
        }
    }

    /**
     * Greets, upgrades with STARTTLS and asks again: the AUTH mechanisms offered over TLS. With {@code verify} false
     * it trusts anything, only to see the chain.
     */
    private String startTls(String host, int port, SSLContext ctx, boolean verify) throws Exception {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), settings.connectionTimeoutMillis());
            plain.setSoTimeout(settings.timeoutMillis());
            BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = plain.getOutputStream();
            expect(in, "220");
            send(out, "EHLO graphmail-doctor");
            expect(in, "250");
            send(out, "STARTTLS");
            expect(in, "220");
            SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, port, true);
            if (verify) {
                javax.net.ssl.SSLParameters p = tls.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(p);
            }
            tls.startHandshake();
            lastChain = (X509Certificate[]) tls.getSession().getPeerCertificates();
            BufferedReader tin = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.US_ASCII));
            send(tls.getOutputStream(), "EHLO graphmail-doctor");
            String auth = null;
            for (String line : expect(tin, "250")) {
                if (line.length() > 4 && line.substring(4).toUpperCase(java.util.Locale.ROOT).startsWith("AUTH")) {
                    auth = line.substring(9).trim();
                }
            }
            send(tls.getOutputStream(), "QUIT");
            return auth;
        }
    }

    private X509Certificate[] lastChain;

    /** Connects again trusting anything, only to print what the host presented. */
    private void chain(String host, int port, boolean smtp) {
        try {
            SSLContext any = SSLContext.getInstance("TLS");
            any.init(null, new TrustManager[]{new X509TrustManager() {
                public void checkClientTrusted(X509Certificate[] c, String a) { }
                public void checkServerTrusted(X509Certificate[] c, String a) { }
                public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
            }}, null);
            X509Certificate[] certs;
            if (smtp) {
                startTls(host, port, any, false);
                certs = lastChain;
            } else {
                try (SSLSocket s = (SSLSocket) any.getSocketFactory().createSocket()) {
                    s.connect(new InetSocketAddress(host, port), settings.connectionTimeoutMillis());
                    s.startHandshake();
                    certs = (X509Certificate[]) s.getSession().getPeerCertificates();
                }
            }
            report.note("the certificate chain " + host + ":" + port + " presented:");
            for (X509Certificate c : certs) {
                report.note("  " + c.getSubjectX500Principal().getName() + " (issued by "
                        + c.getIssuerX500Principal().getName() + ", valid until " + c.getNotAfter().toInstant() + ")");
            }
        } catch (Exception e) {
            report.note("(the certificate chain could not be read either: " + e.getMessage() + ")");
        }
    }

    private static void send(OutputStream out, String line) throws java.io.IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static List<String> expect(BufferedReader in, String code) throws java.io.IOException {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = in.readLine();
            if (line == null) throw new java.io.IOException("the server closed the connection");
            lines.add(line);
        } while (line.length() > 3 && line.charAt(3) == '-');
        if (!line.startsWith(code)) throw new java.io.IOException("expected " + code + ", the server said: " + line);
        return lines;
    }
}
