package io.graphmail.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** {@code graphmail <command>}: the administrator's test email and, later, diagnosis. */
public final class Main {

    /** Exit codes a shell user can branch on. */
    static final int OK = 0;
    static final int SEND_FAILED = 1;
    static final int USAGE = 2;
    static final int CONFIGURATION = 3;
    static final int UNCERTAIN = 4;
    static final int OUTAGE = 5;

    static final String USAGE_TEXT = String.join("\n",
            "Usage: graphmail send (--config FILE | --sandbox) --to ADDRESS [options]",
            "       graphmail outbox --config FILE [--retry ID | --purge ID]   (see graphmail outbox --help)",
            "       graphmail doctor --config FILE [--send-test ADDRESS]       (see graphmail doctor --help)",
            "       graphmail authorize --config FILE [--browser]             (see graphmail authorize --help)",
            "",
            "Sends one message through Microsoft Graph with the graph Jakarta Mail transport.",
            "",
            "  --config FILE     Session properties of a real tenant (mail.graph.tenant, mail.graph.client.id, ...)",
            "  --sandbox         start the local Graph sandbox, send to it and print what it captured",
            "  --to ADDRESS      recipient; repeat or separate with commas",
            "  --cc ADDRESS      copy recipient; repeatable",
            "  --bcc ADDRESS     blind copy recipient; repeatable",
            "  --from ADDRESS    From address (default: mail.graph.user)",
            "  --subject TEXT    subject (default: \"graphmail test\")",
            "  --text TEXT       plain-text body (default: a short test text)",
            "  --html FILE       HTML body read from FILE (sent with the text as an alternative)",
            "  --attach FILE     attachment; repeatable",
            "  --help            this text",
            "",
            "Exit codes: 0 accepted by Microsoft, 1 refused by Microsoft, 2 bad arguments,",
            "3 bad configuration or credentials (local files included), 4 delivery uncertain (check Sent Items",
            "before sending again), 5 network or service outage (nothing sent; try again later).");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /**
     * Runs one command as the shell would, for tools and tests that embed the CLI.
     *
     * @return the exit code
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || Set.of("--help", "help", "-h").contains(args.get(0))) {
            (args.isEmpty() ? err : out).println(USAGE_TEXT);
            return args.isEmpty() ? USAGE : OK;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        if (command.equals("send")) {
            return new SendCommand(out, err).run(rest);
        }
        if (command.equals("outbox")) {
            return new OutboxCommand(out, err).run(rest);
        }
        if (command.equals("doctor")) {
            return new DoctorCommand(out, err).run(rest);
        }
        if (command.equals("authorize")) {
            return new AuthorizeCommand(out, err).run(rest);
        }
        err.println("graphmail: unknown command '" + command + "' (try: graphmail send --help)");
        return USAGE;
    }
}
