package io.graphmail.transport;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * The class loader layout of an application server: Jakarta Mail and Angus in the server's (parent) loader,
 * graphmail in a deployment's (child) loader — a RAR or a WAR's WEB-INF/lib. Jakarta Mail reads the resources of the
 * thread's context class loader, parent's first.
 */
final class ServerClassLoader implements AutoCloseable {

    private final ClassLoader previous;
    private final URLClassLoader deployment;

    private ServerClassLoader() {
        URL graphmail = GraphTransport.class.getProtectionDomain().getCodeSource().getLocation();
        previous = Thread.currentThread().getContextClassLoader();
        deployment = new URLClassLoader("deployment", new URL[]{graphmail}, previous);
        Thread.currentThread().setContextClassLoader(deployment);
    }

    /** Makes graphmail's resources come after the server's for this thread, until closed. */
    static ServerClassLoader enter() {
        return new ServerClassLoader();
    }

    @Override
    public void close() throws Exception {
        Thread.currentThread().setContextClassLoader(previous);
        deployment.close();
    }
}
