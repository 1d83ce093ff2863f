package io.graphmail.cli;

import io.graphmail.config.GraphSettings;
import io.graphmail.config.InvalidSettingException;
import io.graphmail.outbox.Outbox;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * {@code graphmail outbox}: what a configuration's outbox holds that is not delivered, and the administrator's two
 * decisions about a failed or uncertain row: send it again, or delete it.
 */
final class OutboxCommand {

    private static final Set<String> WITH_VALUE = Set.of("config", "retry", "purge", "limit");
    private static final Set<String> FLAGS = Set.of("help");
    static final String USAGE_TEXT = String.join("\n",
            "Usage: graphmail outbox --config FILE [--retry ID | --purge ID] [--limit N]",
            "",
            "Lists the rows of the configuration's outbox (mail.graph.outbox) that are not delivered, newest first.",
            "",
            "  --config FILE  Session properties with mail.graph.outbox",
            "  --retry ID     queue a failed or uncertain row again (for an uncertain one: after checking Sent Items)",
            "  --purge ID     delete a failed or uncertain row",
            "  --limit N      list at most N rows (default 50)",
            "",
            "Exit codes: 0 done, 2 bad arguments, 3 bad configuration or no such row, 5 database unreachable.");

    private final PrintStream out;
    private final PrintStream err;

    OutboxCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> argv) {
        Args args;
        try {
            args = Args.parse(argv, WITH_VALUE, FLAGS);
            if (args.has("help")) {
                out.println(USAGE_TEXT);
                return Main.OK;
            }
            if (!args.has("config")) throw new UsageException("--config FILE is required");
            if (args.has("retry") && args.has("purge")) throw new UsageException("give --retry or --purge, not both");
        } catch (UsageException e) {
            err.println("graphmail: " + e.getMessage());
            return Main.USAGE;
        }
        Outbox box;
        try {
            Properties p = SendCommand.load(Path.of(args.one("config")));
            GraphSettings settings = GraphSettings.from(p);
            if (settings.outbox() == null) {
                err.println("graphmail: " + args.one("config") + " sets no mail.graph.outbox: there is no outbox to show");
                return Main.CONFIGURATION;
            }
            box = new Outbox(settings, Clock.systemUTC());
        } catch (UsageException e) {
            err.println("graphmail: " + e.getMessage());
            return Main.USAGE;
        } catch (InvalidSettingException e) {
            err.println("graphmail: " + e.getMessage());
            return Main.CONFIGURATION;
        }
        try {
            if (args.has("retry") || args.has("purge")) {
                String id = args.has("retry") ? args.one("retry") : args.one("purge");
                boolean done = args.has("retry") ? box.retry(id) : box.purge(id);
                if (!done) {
                    err.println("graphmail: no failed or uncertain row " + id + " in this configuration's outbox");
                    return Main.CONFIGURATION;
                }
                out.println((args.has("retry") ? "Queued again: " : "Deleted: ") + id);
                return Main.OK;
            }
            int limit = args.has("limit") ? limit(args.one("limit")) : 50;
            Outbox.Waiting waiting = box.waiting();
            out.println("waiting: " + waiting.count() + (waiting.oldest() == null ? "" : ", oldest stored "
                    + waiting.oldest()) + "; failed: " + box.count("failed") + "; uncertain: " + box.count("uncertain"));
            for (Outbox.Row r : box.undelivered(limit)) {
                out.println(r.id() + "  " + r.state() + "  attempts " + r.attempts() + "  stored " + r.created()
                        + ("queued".equals(r.state()) ? "  next " + r.nextAttempt() : "")
                        + (r.mailbox() == null ? "" : "  mailbox " + r.mailbox())
                        + (r.requestId() == null ? "" : "  request-id " + r.requestId())
                        + (r.lastError() == null ? "" : "\n    " + r.lastError()));
            }
            return Main.OK;
        } catch (UsageException e) {
            err.println("graphmail: " + e.getMessage());
            return Main.USAGE;
        } catch (SQLException e) {
            err.println("graphmail: the outbox database cannot be read: " + e.getMessage());
            return Main.OUTAGE;
        }
    }

    private static int limit(String value) throws UsageException {
        try {
            int n = Integer.parseInt(value);
            if (n < 1) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--limit " + value + " is not a positive whole number");
        }
    }
}
