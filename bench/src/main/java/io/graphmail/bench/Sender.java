package io.graphmail.bench;

import jakarta.mail.internet.MimeMessage;

/** One way of handing a message to Graph: graphmail or the RAW baseline. Called from several threads at once. */
interface Sender {
    void send(MimeMessage message) throws Exception;
}
