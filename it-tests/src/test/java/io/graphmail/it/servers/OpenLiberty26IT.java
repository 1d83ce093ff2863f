package io.graphmail.it.servers;

import java.nio.file.Path;

/** Open Liberty 26 (full runtime) on Java 17, driven by docs/open-liberty.md. */
class OpenLiberty26IT extends ServerSuite {

    @Override
    AppServer server() {
        return new OpenLiberty(Path.of(System.getProperty("it.dist.openliberty")),
            Path.of(System.getProperty("it.servers.dir")).resolve("openliberty"));
    }
}
