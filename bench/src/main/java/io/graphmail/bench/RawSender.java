package io.graphmail.bench;

import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The baseline: what a careful developer writes with nothing but java.net.http. One client-credentials token for the
 * whole run, then per message one {@code POST /v1.0/users/{mailbox}/sendMail} with {@code Content-Type: text/plain}
 * and the base64 of {@code writeTo}, encoded while it is written (no intermediate MIME copy) into a buffer that is
 * handed to the request without another copy. No retries, no size checks, no JSON library: the cost floor that
 * graphmail is compared with. It reads the same session properties graphmail does.
 */
final class RawSender implements Sender {
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpClient client;
    private final URI sendMail;
    private final String authorization;

    RawSender(Properties p) throws IOException, GeneralSecurityException, InterruptedException {
        this.client = HttpClient.newBuilder()
            .sslContext(sslContext(Path.of(p.getProperty("mail.graph.ssl.truststore")),
                p.getProperty("mail.graph.ssl.truststore.password").toCharArray()))
            .connectTimeout(Duration.ofSeconds(10))
            .build();
        this.sendMail = URI.create(p.getProperty("mail.graph.endpoint") + "/v1.0/users/"
            + URLEncoder.encode(p.getProperty("mail.graph.user"), StandardCharsets.UTF_8) + "/sendMail");
        this.authorization = "Bearer " + token(p);
    }

    private String token(Properties p) throws IOException, InterruptedException {
        String form = "grant_type=client_credentials"
            + "&client_id=" + enc(p.getProperty("mail.graph.client.id"))
            + "&client_secret=" + enc(p.getProperty("mail.graph.client.secret"))
            + "&scope=" + enc(p.getProperty("mail.graph.endpoint") + "/.default");
        URI uri = URI.create(p.getProperty("mail.graph.authority") + "/" + p.getProperty("mail.graph.tenant")
            + "/oauth2/v2.0/token");
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = ACCESS_TOKEN.matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new IOException("token request answered " + r.statusCode() + ": " + r.body());
        }
        return m.group(1);
    }

    @Override
    public void send(MimeMessage message) throws Exception {
        ExposedBuffer buffer = new ExposedBuffer(64 * 1024);
        try (OutputStream base64 = Base64.getEncoder().wrap(buffer)) {
            message.writeTo(base64);
        }
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(sendMail)
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", authorization)
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofByteArray(buffer.array(), 0, buffer.size()))
            .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IOException("sendMail answered " + r.statusCode() + ": " + r.body());
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static SSLContext sslContext(Path truststore, char[] password)
        throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(truststore)) {
            ks.load(in, password);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** A ByteArrayOutputStream whose array the request may read in place. */
    private static final class ExposedBuffer extends ByteArrayOutputStream {
        ExposedBuffer(int size) {
            super(size);
        }

        byte[] array() {
            return buf;
        }
    }
}
