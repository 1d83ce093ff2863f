package io.graphmail.it.servers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The threads of graphmail in a server's JVM, seen from outside with the JDK's jcmd (the same on every server, no
 * probe application needed): graphmail names its own threads graphmail-*, and the JDK's HTTP client, which graphmail
 * uses and none of the servers under test does, names its threads HttpClient-*.
 */
final class JvmThreads {

    private static final Pattern THREAD = Pattern.compile("^\"([^\"]+)\"", Pattern.MULTILINE);

    private final Shell shell;
    private final Path jcmd;

    JvmThreads(Path javaHome, Path workDir, Path log) {
        this.shell = new Shell(workDir, Map.of(), log);
        this.jcmd = javaHome.resolve("bin/jcmd");
    }

    List<String> graphmail(long pid) {
        String dump = shell.run(List.of(jcmd.toString(), Long.toString(pid), "Thread.print"), Duration.ofSeconds(60));
        Matcher m = THREAD.matcher(dump);
        List<String> names = new java.util.ArrayList<>();
        while (m.find()) {
            String name = m.group(1);
            if (name.startsWith("graphmail") || name.startsWith("HttpClient-")) {
                names.add(name);
            }
        }
        return names.stream().sorted().toList();
    }

    /** Collects garbage in the server (a JDK HTTP client's selector thread ends once the client is unreachable). */
    void collectGarbage(long pid) {
        shell.run(List.of(jcmd.toString(), Long.toString(pid), "GC.run"), Duration.ofSeconds(60));
    }

    /** Waits until at most {@code max} graphmail threads are left, collecting garbage between looks. */
    List<String> awaitAtMost(long pid, int max, Duration limit) {
        return Wait.until("at most " + max + " graphmail threads in the server, now " + graphmail(pid), limit, () -> {
            List<String> now = graphmail(pid);
            if (now.size() <= max) {
                return now;
            }
            collectGarbage(pid);
            return null;
        });
    }
}
