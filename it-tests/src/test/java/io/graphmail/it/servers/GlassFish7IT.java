package io.graphmail.it.servers;

import java.nio.file.Path;

/** GlassFish 7 (Jakarta EE 10) on Java 17, driven by docs/payara.md. */
class GlassFish7IT extends ServerSuite {

    @Override
    AppServer server() {
        return new GlassFish(Path.of(System.getProperty("it.dist.glassfish7")),
            Path.of(System.getProperty("it.servers.dir")).resolve("glassfish7"), 7);
    }
}
