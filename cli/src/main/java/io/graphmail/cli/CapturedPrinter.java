package io.graphmail.cli;

import io.graphmail.sandbox.CapturedAttachment;
import io.graphmail.sandbox.CapturedMessage;
import io.graphmail.sandbox.Sandbox;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Shows what the sandbox's Graph received, so a new user sees the whole path work. */
final class CapturedPrinter {

    /** Longer MIME is cut, so that a large attachment does not flood the terminal. */
    private static final int MAX_MIME_LINES = 40;

    private CapturedPrinter() {
    }

    static void print(Sandbox sandbox, PrintStream out) {
        for (CapturedMessage m : sandbox.messages()) {
            out.println();
            out.println("The sandbox's Microsoft Graph captured message " + m.id() + ":");
            out.println("  mailbox:     " + m.mailbox() + " (POST /v1.0/users/" + m.mailbox() + "/sendMail, " + m.submittedVia() + ")");
            out.println("  app:         " + m.clientId());
            out.println("  from:        " + m.from());
            out.println("  to:          " + String.join(", ", m.to()));
            if (!m.cc().isEmpty()) out.println("  cc:          " + String.join(", ", m.cc()));
            if (!m.bcc().isEmpty()) out.println("  bcc:         " + String.join(", ", m.bcc()));
            out.println("  subject:     " + m.subject());
            out.println("  size:        " + m.rawMime().length + " bytes of MIME");
            for (CapturedAttachment a : m.attachments()) {
                out.println("  attachment:  " + a.name() + " (" + a.contentType() + ", " + a.size() + " bytes)");
            }
            out.println("  --- MIME as received ---");
            String[] lines = new String(m.rawMime(), StandardCharsets.UTF_8).split("\r?\n", -1);
            for (int i = 0; i < Math.min(lines.length, MAX_MIME_LINES); i++) {
                out.println("  " + lines[i]);
            }
            if (lines.length > MAX_MIME_LINES) {
                out.println("  ... (" + (lines.length - MAX_MIME_LINES) + " more lines)");
            }
        }
    }
}
