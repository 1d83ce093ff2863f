package io.graphmail.it.servers;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For the suites of servers that need Java 21 or later: without the JDK the build names (it.jdk21), the suite is
 * reported as skipped with that reason, never run against another JDK and never passed.
 */
final class NeedsJdk21 implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String home = System.getProperty("it.jdk21", "");
        if (!home.isEmpty() && Files.isExecutable(Path.of(home, "bin", "java"))) {
            return ConditionEvaluationResult.enabled("JDK 21+ at " + home);
        }
        return ConditionEvaluationResult.disabled("this server needs Java 21 or later and there is no JDK at '" + home
            + "' (it.jdk21 in the parent pom; -Dit.jdk21=<JDK 21+ home>)");
    }
}
