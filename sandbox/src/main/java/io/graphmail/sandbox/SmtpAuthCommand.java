package io.graphmail.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.AuthenticationHandlerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.internal.server.Command;
import org.subethamail.smtp.internal.server.HelpMessage;
import org.subethamail.smtp.server.Session;

/**
 * The AUTH command of the SMTP endpoint, in place of the library's: Exchange's answers before STARTTLS and for
 * passwords, and XOAUTH2 in both forms. The library's own AUTH reads a continuation line through its command reader,
 * which refuses lines of 998 characters or more; an access token sent after {@code 334} (the form Microsoft
 * documents) is longer than that, so this command reads the continuation itself, up to
 * {@link #MAX_CONTINUATION_LINE} characters.
 */
final class SmtpAuthCommand implements Command {
    /** What EHLO advertises after STARTTLS, as Exchange Online does. */
    static final List<String> MECHANISMS = List.of("LOGIN", "XOAUTH2");
    /** The longest SASL continuation line read; a guard against a client that never ends its line. */
    static final int MAX_CONTINUATION_LINE = 64 * 1024;

    private final SmtpTokenCheck check;

    SmtpAuthCommand(SmtpTokenCheck check) {
        this.check = check;
    }

    @Override
    public void execute(String commandString, Session session) throws IOException {
        if (!session.isTLSStarted()) {
            session.sendResponse(SmtpReplies.UNRECOGNIZED_MECHANISM);
            return;
        }
        if (session.isAuthenticated()) {
            session.sendResponse(SmtpReplies.ALREADY_AUTHENTICATED);
            return;
        }
        String[] args = commandString.trim().split(" +");
        if (args.length < 2 || args.length > 3) {
            session.sendResponse("501 5.5.4 Syntax error in parameters or arguments");
            return;
        }
        String mechanism = args[1].toUpperCase(Locale.ROOT);
        // "=" is the empty initial response (RFC 4954)
        String initial = args.length == 3 ? ("=".equals(args[2]) ? "" : args[2]) : null;
        switch (mechanism) {
            case "XOAUTH2" -> xoauth2(session, initial);
            case "LOGIN" -> login(session, initial);
            default -> session.sendResponse(SmtpReplies.UNRECOGNIZED_MECHANISM);
        }
    }

    private void xoauth2(Session session, String initial) throws IOException {
        String response = initial != null ? initial : challenge(session, "334 ");
        if (response == null) {
            return;
        }
        try {
            SmtpIdentity who = check.authenticate(XOAuth2Response.decode(response));
            session.setAuthenticationHandler(new Authenticated(who));
            check.counted();
            session.sendResponse(SmtpReplies.AUTH_OK);
        } catch (SmtpRefusal refusal) {
            session.sendResponse(refusal.reply());
        }
    }

    /** A password is never checked: the tenant has basic authentication for SMTP turned off. */
    private static void login(Session session, String initial) throws IOException {
        if (initial == null && challenge(session, "334 VXNlcm5hbWU6") == null) {
            return;
        }
        if (challenge(session, "334 UGFzc3dvcmQ6") == null) {
            return;
        }
        session.sendResponse(SmtpReplies.BASIC_AUTH_DISABLED);
    }

    /** @return the client's answer, or null when it cancelled ({@code *}) or hung up (answered already) */
    private static String challenge(Session session, String prompt) throws IOException {
        session.sendResponse(prompt);
        String line = readLine(session.getRawInput());
        if (line == null) {
            return null;
        }
        if (line.trim().equals("*")) {
            session.sendResponse(SmtpReplies.AUTH_CANCELLED);
            return null;
        }
        return line;
    }

    /** @return a CRLF-terminated line without its CRLF, or null at end of stream */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.US_ASCII);
            }
            if (line.size() >= MAX_CONTINUATION_LINE) {
                throw new IOException("SASL response line over " + MAX_CONTINUATION_LINE + " characters");
            }
            line.write(b);
        }
        return null;
    }

    @Override
    public HelpMessage getHelp() {
        return new HelpMessage("AUTH", "Authentication: XOAUTH2 (LOGIN is refused: basic authentication is off)",
            "<mechanism> [initial-response]");
    }

    @Override
    public String getName() {
        return "AUTH";
    }

    /** What the session keeps once authenticated: who it is. */
    private record Authenticated(SmtpIdentity who) implements AuthenticationHandler {
        @Override
        public Optional<String> auth(String clientInput, MessageContext context) {
            return Optional.empty();
        }

        @Override
        public Object getIdentity() {
            return who;
        }
    }

    /** Makes EHLO advertise the mechanisms; the command above does the exchange itself. */
    static final class Advertised implements AuthenticationHandlerFactory {
        @Override
        public List<String> getAuthenticationMechanisms() {
            return MECHANISMS;
        }

        @Override
        public AuthenticationHandler create() {
            throw new UnsupportedOperationException("SmtpAuthCommand handles AUTH");
        }
    }
}
