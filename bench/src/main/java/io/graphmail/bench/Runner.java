package io.graphmail.bench;

import io.graphmail.sandbox.CapturedMessage;
import io.graphmail.sandbox.Sandbox;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the children of one bench against one sandbox, strictly one at a time, graphmail and RAW interleaved: rep 0
 * runs graphmail then RAW, rep 1 RAW then graphmail, and so on, so that drift in the machine's load (other builds,
 * page cache, thermal) falls on both alike. Between children the sandbox forgets its captured mail and counters, so
 * that a run's token count is its own.
 */
final class Runner {
    private final Sandbox sandbox;
    private final ChildJvm jvm;
    private final Path mailProperties;
    private final PrintStream log;

    Runner(Sandbox sandbox, ChildJvm jvm, Path mailProperties, PrintStream log) {
        this.sandbox = sandbox;
        this.jvm = jvm;
        this.mailProperties = mailProperties;
        this.log = log;
    }

    /** One untimed pair first, so that the first measured child does not pay for a cold page cache alone. */
    void warmUp() throws IOException, InterruptedException {
        Scenario first = Scenario.named("startup");
        for (Variant v : Variant.values()) {
            run(first, v, -1, List.of());
        }
    }

    List<Sample> measure(Scenario s, int reps) throws IOException, InterruptedException {
        List<Sample> samples = new ArrayList<>();
        for (int rep = 0; rep < reps; rep++) {
            Variant[] order = rep % 2 == 0 ? new Variant[] {Variant.GRAPHMAIL, Variant.RAW}
                : new Variant[] {Variant.RAW, Variant.GRAPHMAIL};
            for (Variant v : order) {
                Sample sample = run(s, v, rep, List.of());
                samples.add(sample);
                log.printf("  %-9s rep %d  cpu %8.0f ms  peak RSS %6.1f MiB  wall %6d ms  tokens %d%n",
                    v.label, rep + 1, sample.cpuMillis(), sample.peakRssKib() / 1024.0, sample.wallMillis(),
                    sample.tokens());
            }
        }
        return samples;
    }

    /** Runs one child with extra JVM flags (profiling) and checks it like a measured one. */
    Sample run(Scenario s, Variant v, int rep, List<String> extraFlags) throws IOException, InterruptedException {
        sandbox.clearMessages();
        sandbox.resetCounters();
        ChildJvm.Result r = jvm.run(v, s, mailProperties, extraFlags);
        int tokens = sandbox.tokenRequests();
        List<CapturedMessage> captured = sandbox.messages();
        sandbox.clearMessages();
        if (captured.size() != s.count()) {
            throw new IOException(v.label + " child for " + s.name() + " reported success, but the sandbox captured "
                + captured.size() + " of " + s.count() + " messages");
        }
        return new Sample(s, v, rep, r.cpuNanos(), r.peakRssKib(), r.wallMillis(), tokens,
            captured.get(0).rawMime().length, r.threadCpu());
    }
}
