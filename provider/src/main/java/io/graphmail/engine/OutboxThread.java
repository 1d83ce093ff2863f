package io.graphmail.engine;

import io.graphmail.outbox.OutboxSender;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The loop that drains a configuration's outbox, on a thread the {@link WorkRunner} gives: a pass when woken (a message was stored) or every few seconds (for
 * rows that became due, and rows other nodes left behind), until the engine closes.
 */
final class OutboxThread implements Runnable {

    static final long POLL_MILLIS = 5_000;
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final System.Logger LOG = System.getLogger(OutboxThread.class.getName());

    private final OutboxSender sender;
    private final WorkRunner runner;
    private final String name;
    private volatile Thread thread;
    private boolean woken;            // guarded by this
    private volatile boolean running = true;
    private String lastFailure;

    OutboxThread(OutboxSender sender, WorkRunner runner) {
        this.sender = sender;
        this.runner = runner;
        this.name = "graphmail-outbox-" + COUNT.incrementAndGet();
    }

    void start() {
        runner.start(name, this, this::stop);
    }

    synchronized void wake() {
        woken = true;
        notifyAll();
    }

    void stop() {
        running = false;
        wake();
        Thread t = thread;
        if (t != null) t.interrupt();
        sender.close();
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        while (running) {
            try {
                int claimed = sender.drainOnce();
                lastFailure = null;
                if (claimed > 0) continue;   // more may be due
            } catch (SQLException | RuntimeException e) {
                if (!String.valueOf(e.getMessage()).equals(lastFailure)) {
                    lastFailure = String.valueOf(e.getMessage());
                    LOG.log(System.Logger.Level.WARNING, "graphmail outbox: the database cannot be read now ("
                            + e.getMessage() + "); stored messages wait and are delivered when it can");
                }
            }
            synchronized (this) {
                if (!woken && running) {
                    try {
                        wait(POLL_MILLIS);
                    } catch (InterruptedException e) {
                        return;   // told to stop; a managed thread goes back to its pool uninterrupted
                    }
                }
                woken = false;
            }
        }
    }
}
