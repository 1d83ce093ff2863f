package io.graphmail.api;

import java.util.List;

/**
 * The result of checking a configuration as {@code graphmail doctor} does: one line per check, {@code ✓} when it holds,
 * {@code !} for a warning that does not stop sending, {@code ✗} with the fix when it does. No line contains a secret.
 */
public final class Verification {

    private final List<String> lines;
    private final boolean ready;

    public Verification(List<String> lines, boolean ready) {
        this.lines = List.copyOf(lines);
        this.ready = ready;
    }

    /** Whether everything sending needs holds (warnings aside). */
    public boolean ready() {
        return ready;
    }

    /** The checks, in the order they ran. */
    public List<String> lines() {
        return lines;
    }

    @Override
    public String toString() {
        return String.join(System.lineSeparator(), lines);
    }
}
