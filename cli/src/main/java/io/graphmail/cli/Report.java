package io.graphmail.cli;

import java.io.PrintStream;

/** The doctor's lines: ✓ holds, ! a warning that does not stop sending, ✗ what must be fixed (the first sets the exit code). */
final class Report {

    private final PrintStream out;
    private int failure = Main.OK;

    Report(PrintStream out) {
        this.out = out;
    }

    void ok(String line) {
        out.println("✓ " + line);
    }

    void warn(String line) {
        out.println("! " + line);
    }

    void fail(int code, String line) {
        out.println("✗ " + line);
        if (failure == Main.OK) failure = code;
    }

    void note(String line) {
        out.println("  " + line);
    }

    int failure() {
        return failure;
    }

    boolean failed() {
        return failure != Main.OK;
    }
}
