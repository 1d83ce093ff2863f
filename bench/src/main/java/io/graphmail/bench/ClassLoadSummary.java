package io.graphmail.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes one child loaded, from its {@code -Xlog:class+load} file: loading, linking and first-time
 * interpretation of classes is most of what a JVM's first message costs, so the count per source says where
 * start-up goes.
 */
final class ClassLoadSummary {
    private static final Pattern LINE = Pattern.compile("\\[class,load\\s*\\] (\\S+) source: (.*)$");

    final Tally bySource = new Tally();
    /** The JDK's classes by package: lambdas' names differ from run to run, so compare counts, not names. */
    final Tally jdkByPackage = new Tally();

    static ClassLoadSummary read(Path log) throws IOException {
        ClassLoadSummary s = new ClassLoadSummary();
        for (String line : Files.readAllLines(log)) {
            Matcher m = LINE.matcher(line);
            if (m.find()) {
                s.bySource.add(source(m.group(1), m.group(2)), 1);
                if (Attribution.isJdk(m.group(1))) {
                    s.jdkByPackage.add(Attribution.packageOf(m.group(1).replaceAll("\\$\\$Lambda.*$", "")), 1);
                }
            }
        }
        return s;
    }

    /** A jar's file name, the JDK (archived or not), or generated classes (lambdas, proxies). */
    private static String source(String className, String source) {
        if (source.startsWith("file:") || source.startsWith("jar:")) {
            String jar = source.replaceAll("!.*$", "");
            return jar.substring(jar.lastIndexOf('/') + 1);
        }
        if (source.equals("shared objects file") || source.startsWith("shared objects file")) {
            return "JDK (from the CDS archive)";
        }
        if (source.startsWith("jrt:/")) {
            return "JDK (" + source.substring(5) + ")";
        }
        return Attribution.isJdk(className) ? "JDK (generated)" : "generated: " + Attribution.library(className);
    }
}
