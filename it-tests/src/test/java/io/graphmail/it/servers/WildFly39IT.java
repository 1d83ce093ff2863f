package io.graphmail.it.servers;

import java.nio.file.Path;

/** WildFly 39 on Java 17, driven by docs/wildfly.md. */
class WildFly39IT extends ServerSuite {

    @Override
    AppServer server() {
        return new WildFly(Path.of(System.getProperty("it.dist.wildfly")),
            Path.of(System.getProperty("it.servers.dir")).resolve("wildfly"));
    }
}
