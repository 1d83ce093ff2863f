package io.graphmail.jca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphmail.api.GraphMailConnection;
import io.graphmail.api.GraphMailConnectionFactory;
import io.graphmail.sandbox.SandboxExtension;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.XATerminator;
import jakarta.resource.spi.work.ExecutionContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkListener;
import jakarta.resource.spi.work.WorkManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.List;
import java.util.Timer;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** In a server, a factory's outbox is drained on the server's managed threads, which the adapter gives back on stop. */
class ManagedOutboxTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    /** A server's WorkManager: runs each work on a thread of its own and remembers it. */
    static final class RecordingWorkManager implements WorkManager {
        final List<Work> started = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();

        private void run(Work work) {
            Thread t = new Thread(work, "managed-" + threads.size());
            threads.add(t);
            t.start();
        }

        @Override public void doWork(Work work) { work.run(); }
        @Override public void doWork(Work work, long timeout, ExecutionContext ctx, WorkListener l) { work.run(); }
        @Override public long startWork(Work work) { started.add(work); run(work); return 0; }
        @Override public long startWork(Work work, long timeout, ExecutionContext ctx, WorkListener l) {
            return startWork(work);
        }
        @Override public void scheduleWork(Work work) { run(work); }
        @Override public void scheduleWork(Work work, long timeout, ExecutionContext ctx, WorkListener l) {
            run(work);
        }
    }

    static final class Context implements BootstrapContext {
        final RecordingWorkManager workManager = new RecordingWorkManager();

        @Override public WorkManager getWorkManager() { return workManager; }
        @Override public XATerminator getXATerminator() { return null; }
        @Override public Timer createTimer() { return new Timer("graphmail-test-timer", true); }
        @Override public boolean isContextSupported(Class<? extends WorkContext> c) { return false; }
        @Override public TransactionSynchronizationRegistry getTransactionSynchronizationRegistry() { return null; }
    }

    @Test
    void theOutboxIsDrainedOnManagedWorkThatStopsWithTheAdapter() throws Exception {
        Context ctx = new Context();
        GraphMailResourceAdapter ra = new GraphMailResourceAdapter();
        ra.start(ctx);
        try {
            GraphMailManagedConnectionFactory mcf = new GraphMailManagedConnectionFactory();
            mcf.setTenantId(io.graphmail.sandbox.SandboxConfig.DEMO_TENANT_ID);
            mcf.setClientId(io.graphmail.sandbox.SandboxConfig.DEMO_CLIENT_ID);
            mcf.setClientSecret(io.graphmail.sandbox.SandboxConfig.DEMO_SECRET);
            mcf.setMailbox("sender@contoso.example");
            mcf.setAuthorityUrl(SANDBOX.get().authorityUrl());
            mcf.setGraphUrl(SANDBOX.get().graphUrl());
            mcf.setTrustStore(SANDBOX.get().truststore().toString());
            mcf.setTrustStorePassword(SANDBOX.get().truststorePassword());
            mcf.setOutbox("jdbc:h2:mem:managed-outbox;DB_CLOSE_DELAY=-1");
            mcf.setResourceAdapter(ra);
            GraphMailConnectionFactory cf = (GraphMailConnectionFactory) mcf.createConnectionFactory();
            for (int i = 0; i < 3; i++) {
                try (GraphMailConnection c = cf.getConnection()) {
                    c.send(ResourceAdapterTest.message(cf.getSession(), "stored " + i));
                }
            }
            assertTrue(eventually(() -> SANDBOX.get().messages().size() == 3), "delivered from the outbox");
            assertEquals(1, ctx.workManager.started.size(), "the sender loop is the server's managed work");
            assertTrue(ctx.workManager.threads.get(0).isAlive());
        } finally {
            ra.stop();
        }
        Thread loop = ctx.workManager.threads.get(0);
        loop.join(10_000);
        assertFalse(loop.isAlive(), "the adapter's stop ends the managed work");
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("graphmail-outbox")),
                "no thread of graphmail's own");
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (condition.getAsBoolean()) return true;
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
