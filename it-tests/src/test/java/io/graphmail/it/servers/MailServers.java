package io.graphmail.it.servers;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.graphmail.it.ItConfig;
import io.graphmail.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where the servers' mail goes: the sandbox as Microsoft Graph and the identity platform, on the port compiled into
 * the test applications, its certificate in the trust store file the configurations name; and GreenMail as the SMTP
 * server of the application that stays on smtp.
 */
final class MailServers implements AutoCloseable {

    private final Sandbox sandbox;
    private final GreenMail smtp;

    private MailServers(Sandbox sandbox, GreenMail smtp) {
        this.sandbox = sandbox;
        this.smtp = smtp;
    }

    static MailServers start() throws IOException {
        Sandbox sandbox = Sandbox.start(TestTenant.sandbox());
        Path truststore = Path.of(ItConfig.TRUSTSTORE);
        Files.createDirectories(truststore.getParent());
        Files.copy(sandbox.truststore(), truststore, StandardCopyOption.REPLACE_EXISTING);
        GreenMail smtp = new GreenMail(new ServerSetup(ItConfig.SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        return new MailServers(sandbox, smtp);
    }

    Sandbox graph() {
        return sandbox;
    }

    GreenMail smtp() {
        return smtp;
    }

    /** The trust store (password changeit) that holds the sandbox's certificate: the tests' private CA. */
    static Path truststore() {
        return Path.of(ItConfig.TRUSTSTORE);
    }

    void forgetMail() {
        sandbox.clearMessages();
        try {
            smtp.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException("cannot empty GreenMail", e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            smtp.stop();
        } finally {
            sandbox.close();
        }
    }
}
