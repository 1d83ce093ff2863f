package io.graphmail.transport;

import io.graphmail.sandbox.Sandbox;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/** The sandbox's demo tenant (SandboxConfig.demo()) and sessions configured for it. */
final class Demo {

    static final String TENANT = "2f4a9c1e-7b3d-4e8f-a6c2-5d9e0b1f3a7c";
    static final String CLIENT_ID = "8d3e6f1a-2b4c-4d5e-9f60-7a8b9c0d1e2f";
    static final String SECRET = "sandbox-secret-value";
    static final String SENDER = "sender@contoso.example";
    static final String SHARED = "shared@contoso.example";
    static final String ALICE = "alice@contoso.example";
    static final String BOB = "bob@contoso.example";
    static final String UNRESOLVABLE = "nobody@contoso.example";

    private static final AtomicInteger CONFIGURATIONS = new AtomicInteger();

    private Demo() {
    }

    /**
     * What a user puts in a mail session to send through the sandbox as the demo app. On a flat class path where
     * graphmail's jar comes before Angus Mail's (as here), the static Transport.send also needs the rfc822 mapping;
     * {@link ProtocolSwitchTest} covers the single switch where graphmail is deployed over the server's Jakarta Mail.
     */
    static Properties properties(Sandbox sandbox) {
        Properties p = switchOnly(sandbox);
        p.setProperty("mail.transport.protocol.rfc822", "graph");
        return p;
    }

    /** Only {@code mail.transport.protocol=graph} and the mail.graph.* settings. */
    static Properties switchOnly(Sandbox sandbox) {
        Properties p = new Properties();
        p.setProperty("mail.transport.protocol", "graph");
        p.setProperty("mail.graph.tenant", TENANT);
        p.setProperty("mail.graph.client.id", CLIENT_ID);
        p.setProperty("mail.graph.client.secret", SECRET);
        p.setProperty("mail.graph.authority", sandbox.authorityUrl());
        p.setProperty("mail.graph.endpoint", sandbox.graphUrl());
        p.setProperty("mail.graph.ssl.truststore", sandbox.truststore().toString());
        p.setProperty("mail.graph.ssl.truststore.password", sandbox.truststorePassword());
        return p;
    }

    /**
     * The same, as a configuration no other test has used: graphmail shares one token cache per configuration in
     * the JVM, so a test that counts token requests needs its own.
     */
    static Properties freshProperties(Sandbox sandbox) {
        Properties p = properties(sandbox);
        p.setProperty("mail.graph.connectiontimeout", String.valueOf(10_000 + CONFIGURATIONS.incrementAndGet()));
        return p;
    }

    static MimeMessage message(Session session, String from, String subject, String... to) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(from));
        for (String t : to) {
            m.addRecipient(Message.RecipientType.TO, new InternetAddress(t));
        }
        m.setSubject(subject);
        m.setText("Hello from graphmail's tests.\r\n", "UTF-8");
        return m;
    }
}
