package io.graphmail.it.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Payara Micro has no asadmin client, so its suites (ResourceAdapterIT and the others) read their commands from
 * src/test/payara/postboot.txt rather than from docs/payara.md. This keeps the two from drifting apart: every asadmin
 * command of the page's pool, resource and mail session must be in the post-boot file with the same options and the
 * same values for everything but the tenant's own (addresses, IDs, names), and the same property names.
 */
class PayaraMicroPostbootTest {

    /** Options whose value is the administrator's own choice (mailboxes, IDs) rather than what makes it work. */
    private static final Set<String> OWN_VALUES = Set.of("--mailuser", "--fromaddress", "--property");
    /**
     * Left out on purpose: the post-boot session proves that the one switch (mail.transport.protocol) is enough on
     * Payara Micro, where the page calls this property optional.
     */
    private static final String OPTIONAL = "mail.transport.protocol.rfc822";

    private final DocPage page = DocPage.of("payara.md");

    @Test
    void postBootFileRunsThePagesCommands() throws IOException {
        List<List<String>> postboot = commands(Files.readString(Path.of("src/test/payara/postboot.txt")), "");
        List<List<String>> fromPage = new ArrayList<>();
        fromPage.addAll(commands(page.block("micro-postboot").text(), ""));
        fromPage.addAll(commands(page.block("pool").text(), "asadmin "));
        fromPage.addAll(commands(page.block("javamail-resource").text(), "asadmin "));

        for (List<String> pageCommand : fromPage) {
            List<String> ours = postboot.stream().filter(c -> c.get(0).equals(pageCommand.get(0))).findFirst()
                .orElseThrow(() -> new AssertionError("postboot.txt has no " + pageCommand.get(0)
                    + ", which docs/payara.md tells Payara Micro users to run"));
            Map<String, String> pageOptions = options(pageCommand);
            Map<String, String> ourOptions = options(ours);
            assertEquals(pageOptions.keySet(), ourOptions.keySet(), "options of " + pageCommand.get(0));
            for (Map.Entry<String, String> o : pageOptions.entrySet()) {
                if (!OWN_VALUES.contains(o.getKey())) {
                    assertEquals(o.getValue(), ourOptions.get(o.getKey()), pageCommand.get(0) + " " + o.getKey());
                }
            }
            if (pageOptions.containsKey("--property")) {
                assertTrue(page.says("`mail.transport.protocol.rfc822=graph` property is optional on Payara Micro"),
                    "the page no longer calls " + OPTIONAL + " optional on Payara Micro: add it to postboot.txt");
                Set<String> pageKeys = propertyNames(pageOptions.get("--property"));
                pageKeys.remove(OPTIONAL);
                Set<String> ourKeys = propertyNames(ourOptions.get("--property"));
                assertTrue(ourKeys.containsAll(pageKeys), pageCommand.get(0) + ": the page sets " + pageKeys
                    + ", postboot.txt " + ourKeys);
            }
        }
    }

    /** The commands of a script, continuation lines joined, comments dropped, each as its words. */
    private static List<List<String>> commands(String script, String prefix) {
        List<List<String>> out = new ArrayList<>();
        for (String line : script.replace("\\\n", " ").lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!line.startsWith(prefix)) {
                throw new AssertionError("not a command: " + line);
            }
            out.add(words(line.substring(prefix.length())));
        }
        return out;
    }

    /** Splits on blanks, keeping single-quoted text together (without its quotes). */
    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    private static Map<String, String> options(List<String> command) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < command.size(); i++) {
            if (command.get(i).startsWith("--") && i + 1 < command.size()) {
                options.put(command.get(i), command.get(++i));
            }
        }
        return options;
    }

    /** The names in asadmin's {@code A=1:B=2} form; {@code \:} is a colon inside a value. */
    private static Set<String> propertyNames(String properties) {
        Set<String> names = new TreeSet<>();
        for (String p : properties.split("(?<!\\\\):")) {
            int eq = p.indexOf('=');
            if (eq > 0 && !p.startsWith("${") && !p.startsWith("//")) {
                names.add(p.substring(0, eq));
            }
        }
        return names;
    }
}
