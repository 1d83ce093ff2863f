package io.graphmail.sandbox;

/** An SMTP answer that ends a command unsuccessfully; carries the whole reply line, never a token. */
final class SmtpRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SmtpRefusal(String reply) {
        super(reply, null, false, false);
    }

    String reply() {
        return getMessage();
    }

    int code() {
        return Integer.parseInt(reply().substring(0, 3));
    }

    /** @return the reply after its code, as the SMTP library's RejectException wants it */
    String text() {
        return reply().substring(4);
    }
}
