package io.graphmail.bench;

import io.graphmail.sandbox.Limits;
import io.graphmail.sandbox.Sandbox;
import io.graphmail.sandbox.SandboxConfig;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pacing bench (issue 11 item 5): one node, then two nodes (separate JVMs, no shared state) sending as fast as
 * they can to one mailbox of a sandbox whose request budget is compressed in time. The sandbox judges: it counts the
 * messages it accepted and the 429s it answered, sampled every 50 ms, and the figures after warm-up are taken from
 * those counts. docs/performance.md, "Pacing at Graph's limits", explains the method and the targets.
 */
final class PacingBench {
    private static final Pattern RESULT = Pattern.compile(
        "RESULT node=(\\S+) sent=(\\d+) failed=(\\d+) throttled=(\\d+) retried=(\\d+)");

    private final Options o;
    private final List<String> flags;
    private final Path work;

    PacingBench(Options o, Path work) {
        this.o = o;
        this.flags = o.jvmFlags;
        this.work = work;
    }

    /** What one scenario measured. */
    record Figures(int nodes, double fraction, int afterWarmUpAccepted, int afterWarmUp429, double percent429,
                   int accepted, int answered429, int childSent, int childFailed, double allowedPerSecond,
                   double seconds) {
        String row() {
            return String.format("| %d | %.1f %% | %d | %d | %.2f %% | %d | %d | %d |", nodes, fraction * 100,
                afterWarmUpAccepted, afterWarmUp429, percent429, accepted, answered429, childFailed);
        }
    }

    String run() throws IOException, InterruptedException {
        Limits limits = Limits.graph().withRequests(o.pacingRequests, Duration.ofMillis(o.pacingWindowMillis));
        String classpath = ChildClasspath.resolve(Variant.GRAPHMAIL);
        List<Figures> all = new ArrayList<>();
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.demo().toBuilder().limits(limits).build())) {
            Path props = work.resolve("mail.properties");
            try (Writer w = Files.newBufferedWriter(props)) {
                sandbox.mailProperties().store(w, "the sandbox's session properties, for the nodes");
            }
            for (int nodes : new int[] {1, 2}) {
                Figures f = scenario(sandbox, props, classpath, nodes);
                all.add(f);
                System.out.println(String.format("  %d node(s): %.1f %% of the allowed rate after warm-up, "
                    + "%d of %d requests answered 429 after warm-up (%.2f %%); whole run: %d accepted, %d answered "
                    + "429; nodes counted %d sent, %d failed", nodes, f.fraction * 100, f.afterWarmUp429,
                    f.afterWarmUpAccepted + f.afterWarmUp429, f.percent429, f.accepted, f.answered429, f.childSent,
                    f.childFailed));
            }
        }
        StringBuilder md = new StringBuilder();
        md.append("Budget: ").append(o.pacingRequests).append(" requests per ").append(o.pacingWindowMillis)
            .append(" ms per app and mailbox (").append(String.format("%.2f", all.get(0).allowedPerSecond))
            .append(" requests/s allowed); ").append(o.pacingSeconds).append(" s per scenario, the first ")
            .append(o.pacingWarmUpWindows).append(" windows are warm-up; ").append(o.pacingThreads)
            .append(" sending threads per node.\n\n")
            .append("| nodes | accepted / allowed after warm-up | accepted after warm-up | 429 after warm-up "
                + "| % of requests answered 429 after warm-up | accepted, whole run | 429, whole run "
                + "| messages given up |\n|---|---|---|---|---|---|---|---|\n");
        for (Figures f : all) {
            md.append(f.row()).append('\n');
        }
        return md.toString();
    }

    private Figures scenario(Sandbox sandbox, Path props, String classpath, int nodes)
        throws IOException, InterruptedException {
        sandbox.clearMessages();
        sandbox.resetCounters();
        long startAt = System.currentTimeMillis() + 5000;   // time for the JVMs to start and get a token
        long stopAt = startAt + o.pacingSeconds * 1000L;
        List<Process> children = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        try {
            for (int n = 0; n < nodes; n++) {
                List<String> cmd = new ArrayList<>();
                cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                cmd.addAll(flags);
                cmd.add("-cp");
                cmd.add(classpath);
                cmd.add(PaceChild.class.getName());
                cmd.addAll(List.of(props.toString(), "node" + (n + 1), Integer.toString(o.pacingRequests),
                    Long.toString(o.pacingWindowMillis), Integer.toString(o.pacingThreads),
                    Long.toString(startAt), Long.toString(stopAt)));
                Path out = work.resolve("pace-" + nodes + "-" + n + ".out");
                outputs.add(out);
                children.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start());
            }
            long warmUpEnd = startAt + o.pacingWarmUpWindows * o.pacingWindowMillis;
            int[] atWarmUp = null;
            int[] atStop = null;
            while (System.currentTimeMillis() < stopAt + 100) {
                long now = System.currentTimeMillis();
                if (atWarmUp == null && now >= warmUpEnd) {
                    atWarmUp = counts(sandbox);
                }
                if (atStop == null && now >= stopAt) {
                    atStop = counts(sandbox);
                }
                Thread.sleep(20);
            }
            int childSent = 0;
            int childFailed = 0;
            for (int n = 0; n < nodes; n++) {
                Process p = children.get(n);
                if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    throw new IOException("node " + (n + 1) + " failed:\n" + Files.readString(outputs.get(n)));
                }
                Matcher m = RESULT.matcher(Files.readString(outputs.get(n)));
                if (!m.find()) {
                    throw new IOException("node " + (n + 1) + " printed no result:\n" + Files.readString(outputs.get(n)));
                }
                childSent += Integer.parseInt(m.group(2));
                childFailed += Integer.parseInt(m.group(3));
            }
            int[] end = counts(sandbox);
            if (end[0] != childSent) {
                throw new IOException("the nodes counted " + childSent + " messages sent but the sandbox accepted "
                    + end[0]);
            }
            double measured = (stopAt - warmUpEnd) / 1000.0;
            double allowedPerSecond = o.pacingRequests * 1000.0 / o.pacingWindowMillis;
            int accepted = atStop[0] - atWarmUp[0];
            int refused = atStop[1] - atWarmUp[1];
            return new Figures(nodes, accepted / (allowedPerSecond * measured), accepted, refused,
                100.0 * refused / Math.max(1, accepted + refused), end[0], end[1], childSent, childFailed,
                allowedPerSecond, measured);
        } finally {
            for (Process p : children) {
                if (p.isAlive()) {
                    p.destroyForcibly().waitFor();
                }
            }
        }
    }

    /** Messages accepted and 429s answered (any of the three limits) so far. */
    private static int[] counts(Sandbox sandbox) {
        int throttled = 0;
        for (Sandbox.Throttle t : Sandbox.Throttle.values()) {
            throttled += sandbox.throttled(t);
        }
        return new int[] {sandbox.messages().size(), throttled};
    }
}
