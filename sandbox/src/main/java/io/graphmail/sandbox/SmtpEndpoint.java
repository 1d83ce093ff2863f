package io.graphmail.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.subethamail.smtp.server.SMTPServer;

/**
 * Exchange Online's SMTP AUTH submission endpoint (smtp.office365.com:587) on 127.0.0.1: STARTTLS with the
 * sandbox's certificate, AUTH XOAUTH2 with the sandbox's own tokens, and every accepted message captured like mail
 * sent through Graph. The SMTP protocol is SubEthaSMTP's; this class only sets it up.
 */
final class SmtpEndpoint implements AutoCloseable {
    /** Idle time before the server gives up on a client, as a real server would. */
    private static final int IDLE_TIMEOUT_MS = 10 * 60 * 1000;

    /**
     * The SMTP library's command line limit: a command line of this many characters or more (CRLF not counted) is
     * answered {@code 501 Input line length is too long!} and the connection is closed. Exchange Online's own limit
     * is not documented; docs/sandbox.md says what follows for XOAUTH2.
     */
    static final int COMMAND_LINE_LIMIT = 998;

    /** How a taken SMTP port is told apart from a taken HTTPS port. */
    static final String SMTP_PORT_IN_USE = "the SMTP port is already in use";

    private final SMTPServer server;
    private final ExecutorService executor;

    SmtpEndpoint(SandboxState state, SSLContext tls, Clock clock) throws IOException {
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "graphmail-sandbox-smtp-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        SandboxConfig config = state.config();
        this.server = new SMTPServer.Builder()
            // loopback only, like the HTTPS side
            .bindAddress(InetAddress.getByName("127.0.0.1"))
            .port(config.smtp().port())
            .hostName("localhost")
            .softwareName("graphmail sandbox (Exchange Online SMTP AUTH)")
            .enableTLS()
            .requireTLS()
            .startTlsSocketFactory(tls)
            .authenticationHandlerFactory(new SmtpAuthCommand.Advertised())
            // a bare MAIL command (not the library's STARTTLS-first wrapper): the handler answers as Exchange does
            .fromAddressValidator(address -> true)
            .messageHandlerFactory(context -> new SmtpMessageHandler(state, context, clock))
            .maxMessageSize((int) Math.min(Integer.MAX_VALUE, config.maxMessageBytes()))
            .insertReceivedHeaders(false)
            .connectionTimeoutMs(IDLE_TIMEOUT_MS)
            .executorService(executor)
            .build();
        server.getCommandHandler().addCommand(new SmtpAuthCommand(new SmtpTokenCheck(state, clock)));
        try {
            server.start();
        } catch (RuntimeException e) {
            executor.shutdownNow();
            if (e.getCause() instanceof java.net.BindException) {
                throw new java.net.BindException(SMTP_PORT_IN_USE + " (" + config.smtp().port() + ")");
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    /** @return the port listened on */
    int port() {
        return server.getPortAllocated();
    }

    @Override
    public void close() {
        server.stop();
        executor.shutdownNow();
    }
}
