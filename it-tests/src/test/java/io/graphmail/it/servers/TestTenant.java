package io.graphmail.it.servers;

import io.graphmail.it.ItConfig;
import io.graphmail.sandbox.App;
import io.graphmail.sandbox.SandboxConfig;

/**
 * What the sandbox knows for the scripted servers: the demo tenant and app (used by the application's own
 * {@code @ConnectionFactoryDefinition}), one app registration behind the administrator's factory and one behind the
 * administrator's mail session, so that the sandbox tells who sent what and counts each one's tokens apart. Test
 * values, not credentials of any real tenant.
 */
final class TestTenant {

    /** The administrator's factory: its app, its secret, the mailbox it sends through. */
    static final String FACTORY_CLIENT_ID = ItConfig.POOL_CLIENT_ID;
    static final String FACTORY_SECRET = ItConfig.POOL_SECRET;
    static final String FACTORY_MAILBOX = "sender@contoso.example";

    /** The administrator's mail session. */
    static final String SESSION_CLIENT_ID = "3e9a7b1c-5d2f-4a6e-8c0b-1f2e3d4c5b6a";
    static final String SESSION_SECRET = "it-session-secret-value";
    static final String SESSION_MAILBOX = "shared@contoso.example";

    /** The tenant as the administrator writes it: a verified domain of the demo tenant. */
    static final String TENANT = SandboxConfig.DEMO_DOMAIN;

    private TestTenant() {
    }

    static SandboxConfig sandbox() {
        return SandboxConfig.demo().toBuilder()
            .port(ItConfig.SANDBOX_PORT)
            .app(App.builder(FACTORY_CLIENT_ID).secret(FACTORY_SECRET).roles("Mail.Send").build())
            .app(App.builder(SESSION_CLIENT_ID).secret(SESSION_SECRET).roles("Mail.Send").build())
            .build();
    }
}
