package io.graphmail.it.servers;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtendWith;

/** GlassFish 8 (Jakarta EE 11) on Java 21 or later (the JDK of it.jdk21), driven by docs/payara.md. */
@ExtendWith(NeedsJdk21.class)
class GlassFish8IT extends ServerSuite {

    @Override
    AppServer server() {
        return new GlassFish(Path.of(System.getProperty("it.dist.glassfish8")),
            Path.of(System.getProperty("it.servers.dir")).resolve("glassfish8"), 8);
    }
}
