package io.graphmail.check;

import io.graphmail.engine.FailureKind;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The lines of a check-up, in order: {@code ✓} holds, {@code !} a warning that does not stop sending, {@code ✗} what
 * must be fixed (the first one decides {@link #failure()}). Lines never contain a secret.
 */
public final class CheckReport {

    private final List<String> lines = new ArrayList<>();
    private final Consumer<String> sink;
    private FailureKind failure;

    /** @param sink gets each line as it is made (a console, a log), or null */
    public CheckReport(Consumer<String> sink) {
        this.sink = sink;
    }

    void ok(String line) {
        add("✓ " + line);
    }

    void warn(String line) {
        add("! " + line);
    }

    /** A check that failed; the first failure's kind is the report's. */
    public void fail(FailureKind kind, String line) {
        add("✗ " + line);
        if (failure == null) failure = kind;
    }

    void note(String line) {
        add("  " + line);
    }

    private synchronized void add(String line) {
        lines.add(line);
        if (sink != null) sink.accept(line);
    }

    /** Every line so far. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The kind of the first failure, or null when everything needed holds. */
    public FailureKind failure() {
        return failure;
    }

    /** Whether everything sending needs holds (warnings aside). */
    public boolean ready() {
        return failure == null;
    }

    boolean failed() {
        return failure != null;
    }
}
