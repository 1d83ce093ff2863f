package io.graphmail.transport;

import io.graphmail.sandbox.Sandbox;
import io.graphmail.sandbox.SandboxConfig;
import io.graphmail.engine.MailerRegistry;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.util.Properties;

/** The sandbox's demo tenant (SandboxConfig.demo()) and sessions configured for it. */
final class Demo {

    static final String TENANT = SandboxConfig.DEMO_TENANT_ID;
    static final String CLIENT_ID = SandboxConfig.DEMO_CLIENT_ID;
    static final String SECRET = SandboxConfig.DEMO_SECRET;
    static final String SENDER = "sender@contoso.example";
    static final String SHARED = "shared@contoso.example";
    static final String ALICE = "alice@contoso.example";
    static final String BOB = "bob@contoso.example";
    static final String UNRESOLVABLE = "nobody@contoso.example";


    private Demo() {
    }

    /**
     * What a user puts in a mail session to send through the sandbox as the demo app. On a flat class path where
     * graphmail's jar comes before Angus Mail's (as here), the static Transport.send also needs the rfc822 mapping,
     * which these include; {@link ProtocolSwitchTest} covers the single switch over a server's Jakarta Mail.
     */
    static Properties properties(Sandbox sandbox) {
        Properties p = sandbox.mailProperties();
        if (sandbox.config().apps().containsKey(CLIENT_ID)) {
            // mailProperties() takes the "first" app of SandboxConfig's unordered app map: with a second app
            // registered it is the demo app only in some JVM runs
            p.setProperty("mail.graph.client.id", CLIENT_ID);
            p.setProperty("mail.graph.client.secret", SECRET);
        }
        p.remove("mail.graph.user");  // the mailbox is the From address unless a test says otherwise
        return p;
    }

    /** Only {@code mail.transport.protocol=graph} and the mail.graph.* settings. */
    static Properties switchOnly(Sandbox sandbox) {
        Properties p = properties(sandbox);
        p.remove("mail.transport.protocol.rfc822");
        return p;
    }

    /**
     * The same, with the JVM's send engines reset first: graphmail shares one token cache per configuration in the
     * JVM, so a test that counts token requests starts from none.
     */
    static Properties freshProperties(Sandbox sandbox) {
        MailerRegistry.shared().closeAll();
        return properties(sandbox);
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
