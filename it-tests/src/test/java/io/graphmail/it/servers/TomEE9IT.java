package io.graphmail.it.servers;

import java.nio.file.Path;

/**
 * Apache TomEE 9 (plus) on Java 17, driven by docs/tomee.md. TomEE 9.0.0 binds neither the application's
 * {@code @ConnectionFactoryDefinition} nor the other application's {@code @MailSessionDefinition} (docs/tomee.md,
 * "What was checked"): the checks that rely on them are skipped. After the EAR is undeployed, TomEE 9.0.0 still holds
 * the adapter's managed connection factory; graphmail lets go of its HTTP client when the adapter stops, so the last
 * check, no graphmail thread left, holds here as on the other servers.
 */
class TomEE9IT extends ServerSuite {

    @Override
    AppServer server() {
        return new TomEE(Path.of(System.getProperty("it.dist.tomee9")),
            Path.of(System.getProperty("it.servers.dir")).resolve("tomee9"));
    }

    @Override
    boolean bindsApplicationDefinedResources() {
        return false;
    }
}
