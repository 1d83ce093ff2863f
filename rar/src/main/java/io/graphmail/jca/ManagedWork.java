package io.graphmail.jca;

import io.graphmail.engine.WorkRunner;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;

import java.util.concurrent.RejectedExecutionException;

/**
 * The engine's background work on the server's managed threads: the outbox's sender loop as a long-running
 * {@link Work} (the server asks it to stop through {@link Work#release()}), its sends as scheduled work. So the server
 * sees the threads, counts them against the adapter and stops them with it.
 */
final class ManagedWork implements WorkRunner {

    private final WorkManager workManager;

    ManagedWork(WorkManager workManager) {
        this.workManager = workManager;
    }

    @Override
    public void start(String name, Runnable loop, Runnable stop) {
        try {
            workManager.startWork(work(loop, stop));
        } catch (WorkException e) {
            // a server that will not run it: graphmail's own thread, so that stored mail is still delivered
            System.getLogger(ManagedWork.class.getName()).log(System.Logger.Level.WARNING, "graphmail: the server"
                    + " refused managed work for " + name + " (" + e.getMessage() + "); using a thread of its own");
            THREADS.start(name, loop, stop);
        }
    }

    @Override
    public Pool pool(String name, int parallel) {
        return new Pool() {
            @Override
            public void execute(Runnable command) {
                try {
                    workManager.scheduleWork(work(command, () -> { }));
                } catch (WorkException e) {
                    throw new RejectedExecutionException("the server refused managed work: " + e.getMessage(), e);
                }
            }

            @Override
            public void close() {
                // the server owns the threads
            }
        };
    }

    private static Work work(Runnable run, Runnable release) {
        return new Work() {
            @Override
            public void run() {
                run.run();
            }

            @Override
            public void release() {
                release.run();
            }
        };
    }
}
