package io.graphmail.bench;

import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

/**
 * graphmail as the README shows it: the static {@code Transport.send} on a session whose properties select
 * {@code graph}. Everything graphmail does per send (connect, settings, token, MIME, request) is in the measurement.
 */
final class GraphmailSender implements Sender {
    @Override
    public void send(MimeMessage message) throws Exception {
        Transport.send(message);
    }
}
