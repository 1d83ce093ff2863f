package io.graphmail.transport;

import jakarta.mail.event.ConnectionEvent;
import jakarta.mail.event.ConnectionListener;
import jakarta.mail.event.MailEvent;
import jakarta.mail.event.TransportEvent;
import jakarta.mail.event.TransportListener;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Collects the events a transport delivers. Jakarta Mail dispatches them on its own event-queue thread, in the order
 * they were queued, so a test waits for each with a bound instead of sleeping; and "no event for X" is proven by
 * the next event being the one for the following action.
 */
final class Events implements TransportListener, ConnectionListener {

    private final BlockingQueue<MailEvent> queue = new LinkedBlockingQueue<>();

    MailEvent next() throws InterruptedException {
        MailEvent e = queue.poll(10, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no event within 10 s");
        }
        return e;
    }

    TransportEvent nextTransport(int expectedType) throws InterruptedException {
        MailEvent e = next();
        if (!(e instanceof TransportEvent) || ((TransportEvent) e).getType() != expectedType) {
            throw new AssertionError("expected TransportEvent type " + expectedType + ", got " + describe(e));
        }
        return (TransportEvent) e;
    }

    ConnectionEvent nextConnection(int expectedType) throws InterruptedException {
        MailEvent e = next();
        if (!(e instanceof ConnectionEvent) || ((ConnectionEvent) e).getType() != expectedType) {
            throw new AssertionError("expected ConnectionEvent type " + expectedType + ", got " + describe(e));
        }
        return (ConnectionEvent) e;
    }

    private static String describe(MailEvent e) {
        if (e instanceof TransportEvent) return "TransportEvent type " + ((TransportEvent) e).getType();
        if (e instanceof ConnectionEvent) return "ConnectionEvent type " + ((ConnectionEvent) e).getType();
        return String.valueOf(e);
    }

    @Override
    public void messageDelivered(TransportEvent e) {
        queue.add(e);
    }

    @Override
    public void messageNotDelivered(TransportEvent e) {
        queue.add(e);
    }

    @Override
    public void messagePartiallyDelivered(TransportEvent e) {
        queue.add(e);
    }

    @Override
    public void opened(ConnectionEvent e) {
        queue.add(e);
    }

    @Override
    public void disconnected(ConnectionEvent e) {
        queue.add(e);
    }

    @Override
    public void closed(ConnectionEvent e) {
        queue.add(e);
    }
}
