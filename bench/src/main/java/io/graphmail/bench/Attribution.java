package io.graphmail.bench;

import java.util.List;

/**
 * Names the library a stack sample or a loaded class belongs to, so that a profile reads as "MSAL4J: 120 samples"
 * rather than as a thousand JDK methods. A sample is charged to the topmost frame outside the JDK (the library that
 * asked for the work: a HashMap lookup under Jackson is Jackson's); only a stack of JDK frames alone is the JDK's.
 */
final class Attribution {
    private Attribution() {
    }

    private static final List<String[]> LIBRARIES = List.of(
        new String[] {"io.graphmail.bench.", "bench harness (message building, RAW)"},
        new String[] {"io.graphmail.", "graphmail"},
        new String[] {"com.microsoft.aad.msal4j.", "MSAL4J"},
        new String[] {"com.azure.json.", "MSAL4J (azure-json)"},
        new String[] {"com.fasterxml.jackson.", "Jackson"},
        new String[] {"org.slf4j.", "SLF4J"},
        new String[] {"jakarta.mail.", "Jakarta Mail + Angus"},
        new String[] {"org.eclipse.angus.", "Jakarta Mail + Angus"},
        new String[] {"jakarta.activation.", "Jakarta Activation"});

    private static final List<String[]> JDK_AREAS = List.of(
        new String[] {"jdk.internal.net.http.", "JDK: HTTP client"},
        new String[] {"java.net.http.", "JDK: HTTP client"},
        new String[] {"sun.security.", "JDK: TLS and crypto"},
        new String[] {"javax.net.ssl.", "JDK: TLS and crypto"},
        new String[] {"com.sun.crypto.", "JDK: TLS and crypto"},
        new String[] {"javax.crypto.", "JDK: TLS and crypto"},
        new String[] {"java.security.", "JDK: TLS and crypto"},
        new String[] {"java.util.Base64", "JDK: Base64"},
        new String[] {"java.util.zip.", "JDK: class loading and jars"},
        new String[] {"jdk.internal.loader.", "JDK: class loading and jars"},
        new String[] {"java.lang.ClassLoader", "JDK: class loading and jars"},
        new String[] {"java.lang.invoke.", "JDK: lambdas and method handles"},
        new String[] {"java.lang.reflect.", "JDK: reflection"},
        new String[] {"jdk.internal.reflect.", "JDK: reflection"},
        new String[] {"sun.nio.", "JDK: NIO"},
        new String[] {"java.nio.", "JDK: NIO"});

    /** @param classNames frames' class names, top of stack first @return the library charged with the sample */
    static String ofStack(List<String> classNames) {
        for (String c : classNames) {
            String lib = library(c);
            if (lib != null) {
                return lib;
            }
        }
        return classNames.isEmpty() ? "(no Java frames)" : jdkArea(classNames.get(0));
    }

    /** @return the library of a class, or null for the JDK's own classes */
    static String library(String className) {
        for (String[] l : LIBRARIES) {
            if (className.startsWith(l[0])) {
                return l[1];
            }
        }
        return isJdk(className) ? null : "other: " + packageOf(className);
    }

    static String jdkArea(String className) {
        for (String[] a : JDK_AREAS) {
            if (className.startsWith(a[0])) {
                return a[1];
            }
        }
        return "JDK: other";
    }

    static boolean isJdk(String className) {
        return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
            || className.startsWith("sun.") || className.startsWith("com.sun.");
    }

    static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "(default)" : className.substring(0, dot);
    }
}
