package io.graphmail.it.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an administrator's command as a shell would: in a directory, with an environment, within a time limit. Its
 * output is returned and appended to a log file, so that a failed run can be read after the build.
 */
final class Shell {

    private final Path dir;
    private final Map<String, String> env;
    private final Path log;

    Shell(Path dir, Map<String, String> env, Path log) {
        this.dir = dir;
        this.env = Map.copyOf(env);
        this.log = log;
    }

    /** A script (one or more lines, as a page shows them) run by bash; fails unless it exits 0. */
    String bash(String script, Duration timeout) {
        return run(List.of("bash", "-e", "-c", script), timeout);
    }

    /** The same, with what an administrator would type at the script's prompts on its standard input. */
    String bash(String script, String typed, Duration timeout) {
        try {
            Path in = Files.createTempFile(log.getParent(), "typed", ".txt");
            try {
                Files.writeString(in, typed);
                return run(List.of("bash", "-e", "-c", script), timeout, in);
            } finally {
                Files.deleteIfExists(in);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot write standard input for " + script, e);
        }
    }

    /** @return the output (stdout and stderr); the command must exit 0 */
    String run(List<String> command, Duration timeout) {
        return run(command, timeout, Path.of("/dev/null"));
    }

    private String run(List<String> command, Duration timeout, Path stdin) {
        Result r = tryRun(command, timeout, stdin);
        if (r.exit() != 0) {
            throw new AssertionError("exit " + r.exit() + " from " + String.join(" ", command) + ":\n" + r.output());
        }
        return r.output();
    }

    Result tryRun(List<String> command, Duration timeout) {
        return tryRun(command, timeout, Path.of("/dev/null"));
    }

    private Result tryRun(List<String> command, Duration timeout, Path stdin) {
        try {
            Path out = Files.createTempFile(log.getParent(), "cmd", ".out");
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(stdin.toFile()));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("no answer within " + timeout + " from " + String.join(" ", command)
                    + ":\n" + Files.readString(out));
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            Files.delete(out);
            Files.writeString(log, "$ " + String.join(" ", command) + "\n" + output + "[exit " + p.exitValue() + "]\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /** Starts a long-running process (a server), its output going to the log file. */
    Process start(List<String> command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().putAll(env);
            return pb.start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command + ": " + e, e);
        }
    }

    Path dir() {
        return dir;
    }

    record Result(int exit, String output) {
    }
}
