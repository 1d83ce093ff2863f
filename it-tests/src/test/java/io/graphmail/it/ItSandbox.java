package io.graphmail.it;

import io.graphmail.sandbox.App;
import io.graphmail.sandbox.Sandbox;
import io.graphmail.sandbox.SandboxConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The sandbox as the Payara under test sees it: on the port compiled into the applications, with its certificate in
 * the trust store file they name. Arquillian has deployed the WAR before a test class's {@code @BeforeAll} runs, but
 * graphmail reads its settings and the trust store only at the first send, so starting the sandbox there is in time.
 */
final class ItSandbox {

    private ItSandbox() {
    }

    /** The demo tenant plus the app registration behind the asadmin pool (postboot.txt). */
    static SandboxConfig.Builder config() {
        return SandboxConfig.demo().toBuilder()
            .port(ItConfig.SANDBOX_PORT)
            .app(App.builder(ItConfig.POOL_CLIENT_ID).secret(ItConfig.POOL_SECRET)
                .roles("Mail.Send", "Mail.ReadWrite").build());
    }

    static Sandbox start(SandboxConfig config) throws IOException {
        Sandbox sandbox = Sandbox.start(config);
        // a new certificate on each start; the applications and the pool name a fixed path
        Files.copy(sandbox.truststore(), Path.of(ItConfig.TRUSTSTORE), StandardCopyOption.REPLACE_EXISTING);
        return sandbox;
    }

    static void stop(Sandbox sandbox) throws IOException {
        if (sandbox != null) {
            sandbox.close();
        }
        Files.deleteIfExists(Path.of(ItConfig.TRUSTSTORE));
    }
}
