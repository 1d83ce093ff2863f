package io.graphmail.cli;

/** A bad flag, value or file: reported as one line and exit code 2, never as a stack trace. */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
