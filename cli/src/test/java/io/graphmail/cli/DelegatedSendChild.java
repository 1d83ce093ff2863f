package io.graphmail.cli;

import io.graphmail.engine.MailerRegistry;

import java.nio.file.Path;

/** Another JVM for {@link AuthorizeTest}: sends N times, each with a new engine, so each send refreshes the token. */
public final class DelegatedSendChild {

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        int times = Integer.parseInt(args[1]);
        for (int i = 0; i < times; i++) {
            MailerRegistry.shared().closeAll();
            AuthorizeTest.send(config, args[2] + " " + i);
        }
        MailerRegistry.shared().closeAll();
    }
}
