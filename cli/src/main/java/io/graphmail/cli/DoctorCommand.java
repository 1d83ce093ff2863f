package io.graphmail.cli;

import io.graphmail.check.CheckReport;
import io.graphmail.check.Checkup;
import io.graphmail.config.GraphSettings;
import io.graphmail.config.InvalidSettingException;
import io.graphmail.engine.FailureKind;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * {@code graphmail doctor}: checks a configuration step by step, the way an administrator would by hand, and says for
 * each check what holds or what to fix. Exit 0 only when everything sending needs holds (warnings do not count).
 */
final class DoctorCommand {

    private static final Set<String> WITH_VALUE = Set.of("config", "send-test");
    private static final Set<String> FLAGS = Set.of("help");
    static final String USAGE_TEXT = String.join("\n",
            "Usage: graphmail doctor --config FILE [--send-test ADDRESS]",
            "",
            "Checks the settings, the network path and TLS to the identity platform and Graph, a token and its",
            "permissions, the clock, the certificate's expiry, and optionally sends a test message.",
            "",
            "Exit codes: 0 everything needed holds, 2 bad arguments, 3 configuration or credentials, 5 network or",
            "service outage, 1 the test message was refused.");

    private final PrintStream out;
    private final PrintStream err;

    DoctorCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> argv) {
        Args args;
        Properties props;
        try {
            args = Args.parse(argv, WITH_VALUE, FLAGS);
            if (args.has("help")) {
                out.println(USAGE_TEXT);
                return Main.OK;
            }
            if (!args.has("config")) throw new UsageException("--config FILE is required");
            props = SendCommand.load(Path.of(args.one("config")));
        } catch (UsageException e) {
            err.println("graphmail: " + e.getMessage());
            return Main.USAGE;
        }
        CheckReport report = new CheckReport(out::println);
        GraphSettings settings;
        try {
            settings = GraphSettings.from(props);
        } catch (InvalidSettingException e) {
            report.fail(FailureKind.CONFIGURATION, "settings: " + e.getMessage());
            return exitCode(report);
        }
        Checkup.run(settings, GraphSettings.unknownKeys(props), report);
        if (report.ready() && args.has("send-test")) {
            try {
                List<String> send = new ArrayList<>(List.of("--config", args.one("config"), "--to",
                        args.one("send-test"), "--subject", "graphmail doctor test"));
                int code = new SendCommand(out, err).run(send);
                if (code != Main.OK) {
                    out.println("✗ send-test: not sent (see above)");
                    out.println("Not ready: fix the ✗ lines above.");
                    return code;
                }
            } catch (UsageException e) {
                err.println("graphmail: " + e.getMessage());
                return Main.USAGE;
            }
        }
        out.println(report.ready() ? "Everything sending needs holds." : "Not ready: fix the ✗ lines above.");
        return exitCode(report);
    }

    private static int exitCode(CheckReport report) {
        return report.ready() ? Main.OK : SendCommand.exitCode(report.failure());
    }

}
