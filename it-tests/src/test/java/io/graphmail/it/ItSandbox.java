package io.graphmail.it;

import io.graphmail.sandbox.App;
import io.graphmail.sandbox.Sandbox;
import io.graphmail.sandbox.SandboxConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The sandbox as the Payara under test sees it, for one test class ({@code @RegisterExtension static}): on the port
 * compiled into the applications, with its certificate in the trust store file they name, and no mail captured
 * before each test. Arquillian has deployed the WAR before this starts the sandbox, but graphmail reads its settings
 * and the trust store only at the first send, so that is in time.
 */
final class ItSandbox implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private Sandbox sandbox;

    /** The demo tenant plus the app registration behind the asadmin pool (postboot.txt). */
    static SandboxConfig config() {
        SandboxConfig demo = SandboxConfig.demo();
        return demo.toBuilder()
            .port(ItConfig.SANDBOX_PORT)
            .smtp(demo.smtp().toBuilder().port(ItConfig.SANDBOX_SMTP_PORT).build())
            .app(App.builder(ItConfig.POOL_CLIENT_ID).secret(ItConfig.POOL_SECRET)
                .roles("Mail.Send", "Mail.ReadWrite").build())
            .build();
    }

    Sandbox get() {
        return sandbox;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        sandbox = Sandbox.start(config());
        // a new certificate on each start; the applications and the pool name a fixed path
        Files.copy(sandbox.truststore(), Path.of(ItConfig.TRUSTSTORE), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        sandbox.clearMessages();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (sandbox != null) {
            sandbox.close();
        }
        Files.deleteIfExists(Path.of(ItConfig.TRUSTSTORE));
    }
}
