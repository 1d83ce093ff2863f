package io.graphmail.bench;

import jakarta.mail.Session;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A measured JVM: sends {@code count} messages on {@code threads} threads with one {@link Variant}, then prints one
 * {@code RESULT} line with its own CPU time and peak RSS and exits. The parent starts a fresh one per measurement, so
 * every figure includes JVM start and class loading.
 *
 * <p>Arguments: {@code variant count threads bodyBytes attachmentBytes mailPropertiesFile}.
 */
public final class Child {
    /** Set by {@code -Dbench.threadCpu=true} (profiles only): CPU per thread kind, read while the pool lives. */
    private static String threadCpu;

    private Child() {
    }

    public static void main(String[] args) throws Exception {
        Variant variant = Variant.valueOf(args[0]);
        int count = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[5]))) {
            props.load(in);
        }
        Messages messages = new Messages(Session.getInstance(props), Integer.parseInt(args[3]),
            Integer.parseInt(args[4]));
        try {
            Sender sender = variant == Variant.GRAPHMAIL ? new GraphmailSender() : new RawSender(props);
            sendAll(sender, messages, count, threads);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        // read before anything else is printed or torn down: the figure is the cost of sending, start included
        long cpu = ProcessStats.cpuNanos();
        long rss = ProcessStats.peakRssKib();
        long wall = ProcessStats.wallMillisSinceStart();
        System.out.println("RESULT cpuNanos=" + cpu + " peakRssKib=" + rss + " wallMillis=" + wall
            + " sent=" + count);
        if (threadCpu != null) {
            System.out.print(threadCpu);
        }
        System.out.flush();
        // graphmail and the HTTP client keep pooled threads: exit now rather than wait for them
        System.exit(0);
    }

    private static void sendAll(Sender sender, Messages messages, int count, int threads)
        throws InterruptedException, ExecutionException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> sends = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int index = i;
                sends.add(pool.submit(() -> {
                    sender.send(messages.build(index));
                    return null;
                }));
            }
            for (Future<?> f : sends) {
                f.get();
            }
            if (Boolean.getBoolean("bench.threadCpu")) {
                threadCpu = ThreadCpu.snapshot(ProcessStats.cpuNanos());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
