package io.graphmail.it.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports on 127.0.0.1 for the servers under test. Other builds may run servers on this machine at the same time, so
 * the well-known ports (8080, 9990, 4848 ...) are never assumed free.
 */
final class Ports {

    private Ports() {
    }

    static int free() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The first port of the range the kernel hands out for outgoing connections (Linux: 32768). A port a server must
     * bind again later (GlassFish's restart-domain) is chosen below it: in that range another process's connection
     * may take it in between, and the restart then fails with "Address already in use".
     */
    static final int EPHEMERAL = 32768;

    /**
     * An offset (or base) such that every one of {@code ports + offset} is free on loopback, for servers that move
     * all their ports by one number (WildFly's port offset, GlassFish's port base).
     */
    static int freeOffset(int low, int high, int... ports) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int offset = ThreadLocalRandom.current().nextInt(low, high);
            boolean all = true;
            for (int p : ports) {
                all &= isFree(p + offset);
            }
            if (all) {
                return offset;
            }
        }
        throw new IllegalStateException("no free port offset between " + low + " and " + high);
    }

    static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
