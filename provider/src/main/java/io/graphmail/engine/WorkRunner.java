package io.graphmail.engine;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the engine's background work runs (the outbox's sender and its sends): daemon threads of graphmail's own in a
 * plain JVM; in an application server the resource adapter supplies the server's managed threads (its WorkManager),
 * which the server can see, account for and stop with the adapter.
 */
public interface WorkRunner {

    /**
     * Starts a long-running loop.
     *
     * @param name a name for the thread or work, e.g. {@code graphmail-outbox-1}
     * @param loop what runs until it is told to stop
     * @param stop how the loop is told to stop (also called when the server takes the work back)
     */
    void start(String name, Runnable loop, Runnable stop);

    /**
     * An executor for short tasks, up to {@code parallel} at once.
     *
     * @return the executor, and how to let go of it when its user is done
     */
    Pool pool(String name, int parallel);

    /** An executor that can be let go of. */
    interface Pool extends Executor, AutoCloseable {
        @Override
        void close();
    }

    /** Daemon threads of graphmail's own: for a plain JVM. */
    WorkRunner THREADS = new WorkRunner() {
        @Override
        public void start(String name, Runnable loop, Runnable stop) {
            Thread t = new Thread(loop, name);
            t.setDaemon(true);
            t.start();
        }

        @Override
        public Pool pool(String name, int parallel) {
            AtomicInteger n = new AtomicInteger();
            ExecutorService threads = Executors.newFixedThreadPool(parallel, r -> {
                Thread t = new Thread(r, name + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            return new Pool() {
                @Override
                public void execute(Runnable command) {
                    threads.execute(command);
                }

                @Override
                public void close() {
                    threads.shutdown();
                }
            };
        }
    };
}
