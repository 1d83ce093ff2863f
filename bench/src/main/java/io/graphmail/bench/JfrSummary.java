package io.graphmail.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * What one child's flight recording says about its CPU: execution samples charged to libraries
 * ({@link Attribution}), the hottest methods by self time, graphmail's and the bench's methods by inclusive time, the
 * threads that ran,
 * JIT compilation, GC and TLS handshakes, and allocation by library.
 */
final class JfrSummary {
    final Tally byLibrary = new Tally();
    final Tally selfMethods = new Tally();
    final Tally oursInclusive = new Tally();
    final Tally threads = new Tally();
    final Tally allocationByLibrary = new Tally();
    long samples;
    long compilations;
    double compilationMillis;
    long collections;
    double gcPauseMillis;
    long tlsHandshakes;

    static JfrSummary read(Path recording) throws IOException {
        JfrSummary s = new JfrSummary();
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            switch (e.getEventType().getName()) {
                case "jdk.ExecutionSample" -> s.sample(e);
                case "jdk.ObjectAllocationSample" -> s.allocationByLibrary.add(
                    Attribution.ofStack(classNames(e.getStackTrace())), e.getLong("weight"));
                case "jdk.Compilation" -> {
                    s.compilations++;
                    s.compilationMillis += e.getDuration().toNanos() / 1e6;
                }
                case "jdk.GarbageCollection" -> {
                    s.collections++;
                    s.gcPauseMillis += e.getDuration("sumOfPauses").toNanos() / 1e6;
                }
                case "jdk.TLSHandshake" -> s.tlsHandshakes++;
                default -> {
                }
            }
        }
        return s;
    }

    private void sample(RecordedEvent e) {
        samples++;
        RecordedStackTrace st = e.getStackTrace();
        List<String> classes = classNames(st);
        byLibrary.add(Attribution.ofStack(classes), 1);
        threads.add(threadGroup(e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName()), 1);
        if (st == null || st.getFrames().isEmpty()) {
            return;
        }
        selfMethods.add(method(st.getFrames().get(0)), 1);
        Set<String> seen = new HashSet<>();
        for (RecordedFrame f : st.getFrames()) {
            String m = method(f);
            String type = f.getMethod().getType().getName();
            if (type.startsWith("io.graphmail.") && seen.add(m)) {
                oursInclusive.add(m, 1);
            }
        }
    }

    private static List<String> classNames(RecordedStackTrace st) {
        List<String> out = new ArrayList<>();
        if (st != null) {
            for (RecordedFrame f : st.getFrames()) {
                out.add(f.getMethod().getType().getName());
            }
        }
        return out;
    }

    private static String method(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    /** Pool threads differ only in their number: count them together. */
    private static String threadGroup(String name) {
        return name == null ? "?" : name.replaceAll("\\d+", "N");
    }
}
