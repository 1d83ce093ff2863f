package io.graphmail.it;

import java.io.File;
import java.util.Arrays;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Every test archive is built here. For now graphmail travels inside the application (WEB-INF/lib); when the
 * resource adapter is deployed to the server instead, only {@link #withGraphmail} changes.
 */
final class Deployments {

    private Deployments() {
    }

    /** @param name the WAR's name @param classes the application's classes @return the application, with graphmail */
    static WebArchive mailApp(String name, Class<?>... classes) {
        return withGraphmail(ShrinkWrap.create(WebArchive.class, name).addClasses(classes));
    }

    /**
     * graphmail-provider and its runtime dependencies (MSAL4J, Jackson), as built by this reactor and copied to
     * target/war-lib by maven-dependency-plugin; the server brings Jakarta Mail and Angus.
     */
    static WebArchive withGraphmail(WebArchive war) {
        File[] jars = new File(ItConfig.WAR_LIB).listFiles((dir, n) -> n.endsWith(".jar"));
        if (jars == null || Arrays.stream(jars).noneMatch(f -> f.getName().startsWith("graphmail-provider"))) {
            throw new IllegalStateException("no graphmail-provider jar in " + ItConfig.WAR_LIB
                + ": run the tests through Maven (mvn verify -pl it-tests -am)");
        }
        if (Arrays.stream(jars).anyMatch(f -> f.getName().startsWith("jakarta.mail") || f.getName().startsWith("angus"))) {
            throw new IllegalStateException("Jakarta Mail must come from the server, not from " + ItConfig.WAR_LIB);
        }
        return war.addAsLibraries(jars);
    }
}
