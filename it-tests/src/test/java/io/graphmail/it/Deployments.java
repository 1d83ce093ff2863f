package io.graphmail.it;

import io.graphmail.it.app.Failures;
import io.graphmail.it.app.Messages;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Every test archive is built here. The applications carry nothing of graphmail: the resource adapter Payara deploys
 * at boot (postboot.txt) supplies the provider, its API and its dependencies to every application, and the server
 * brings Jakarta Mail and Angus — exactly what docs/payara.md tells users to do.
 */
final class Deployments {

    private Deployments() {
    }

    /**
     * @param name    the WAR's name
     * @param classes the application's servlets (the test applications' shared helpers are added)
     * @return the application
     */
    static WebArchive mailApp(String name, Class<?>... classes) {
        return ShrinkWrap.create(WebArchive.class, name).addClasses(classes).addClasses(Failures.class, Messages.class);
    }
}
