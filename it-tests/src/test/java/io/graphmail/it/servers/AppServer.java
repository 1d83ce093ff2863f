package io.graphmail.it.servers;

import java.net.URI;
import java.nio.file.Path;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * One server under test, driven the way its page in docs/ tells an administrator. Implementations start a fresh
 * copy from the distribution the build copied out of the local Maven repository, bound to 127.0.0.1, and stop it in
 * {@link #close()} whatever happened before.
 */
interface AppServer extends AutoCloseable {

    /** Unpacks a fresh copy, starts it and waits until it is ready. */
    void start() throws Exception;

    /**
     * Everything the page says an administrator does for graphmail: deploy the adapter, make it visible to
     * applications, define a pooled factory and a mail session on {@code graph} with the sandbox as Graph.
     */
    void installGraphmail(Path rar) throws Exception;

    /**
     * Deploys an application and waits until it answers.
     *
     * @param usesGraphmail whether the application is given access to the adapter as the page says (an application
     *                      that does not use graphmail is left as it is)
     */
    void deploy(WebArchive app, boolean usesGraphmail) throws Exception;

    void undeploy(String appName) throws Exception;

    /** Replaces a deployed application by a new copy, as an administrator updates it. */
    default void redeploy(WebArchive app, boolean usesGraphmail) throws Exception {
        undeploy(app.getName().replace(".war", ""));
        deploy(app, usesGraphmail);
    }

    /** What the page says removes graphmail: its resources, then the adapter. */
    void removeGraphmail() throws Exception;

    /** JNDI name of the administrator's factory, as an application looks it up. */
    String factoryJndi();

    /** JNDI name of the administrator's mail session, as an application looks it up. */
    String sessionJndi();

    /** Where an application deployed under this name answers ({@code http://127.0.0.1:PORT/name/}). */
    URI app(String name);

    /** The server's JVM. */
    long pid();

    /** The JDK the server runs on. */
    Path javaHome();

    @Override
    void close() throws Exception;
}
