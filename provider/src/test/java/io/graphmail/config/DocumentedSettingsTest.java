package io.graphmail.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documentation's property tables say what the property table in the code says: every row names a real setting
 * with its default, every setting has a row, and the resource adapter's bean tables use the table's bean names and
 * mark exactly the secrets as confidential.
 */
class DocumentedSettingsTest {

    private static final Path ROOT = Path.of("..");
    /** {@code | `mail.graph.x` | meaning | default |} */
    private static final Pattern SESSION_ROW = Pattern.compile("^\\| `(mail\\.graph\\.[a-z.]+)` \\|(.*)\\|([^|]*)\\|\\s*$");
    /** {@code | `Bean` (confidential) | `mail.graph.x` | default |} */
    private static final Pattern BEAN_ROW = Pattern.compile("^\\| `([A-Z][A-Za-z]+)`( \\(confidential\\))? \\| `(mail\\.graph\\.[a-z.]+)` \\|");

    @Test
    void readmeAndAdminGuideListEverySettingWithItsDefault() throws IOException {
        for (Path doc : List.of(ROOT.resolve("README.md"), ROOT.resolve("docs/admin-guide.md"))) {
            Set<Setting> seen = EnumSet.noneOf(Setting.class);
            for (String line : Files.readAllLines(doc)) {
                Matcher m = SESSION_ROW.matcher(line);
                if (!m.matches() || line.trim().split("\\|").length != 4) continue;   // three cells: a property row
                Setting s = Setting.forProperty(m.group(1)).orElseThrow(() -> new AssertionError(doc
                        + " documents " + m.group(1) + ", which the property table does not have"));
                assertTrue(m.group(3).contains(s.documentedDefault()), doc + ": " + s + " has default '"
                        + m.group(3).trim() + "', the table says " + s.documentedDefault());
                seen.add(s);
            }
            assertEquals(EnumSet.allOf(Setting.class), seen, doc + " must list every setting");
        }
    }

    @Test
    void beanTablesUseTheTablesNamesAndMarkExactlyTheSecrets() throws IOException {
        List<Path> docs;
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            docs = files.filter(p -> p.toString().endsWith(".md")).toList();
        }
        List<String> problems = new ArrayList<>();
        int rows = 0;
        for (Path doc : docs) {
            for (String line : Files.readAllLines(doc)) {
                Matcher m = BEAN_ROW.matcher(line);
                if (!m.find()) continue;
                rows++;
                Setting s = Setting.forProperty(m.group(3)).orElse(null);
                if (s == null) {
                    problems.add(doc + ": unknown property " + m.group(3));
                } else if (!s.bean().equals(m.group(1))) {
                    problems.add(doc + ": " + s + " is bean " + s.bean() + ", not " + m.group(1));
                } else if (s.secret() != (m.group(2) != null)) {
                    problems.add(doc + ": " + s.bean() + (s.secret() ? " must" : " must not") + " say (confidential)");
                }
            }
        }
        if (!problems.isEmpty()) fail(String.join("\n", problems));
        assertTrue(rows >= Setting.values().length, "the resource adapter's table (docs/payara.md) lists every bean");
    }

    @Test
    void thePackageJavadocListsEverySettingWithItsDefault() throws IOException {
        String source = Files.readString(Path.of("src/main/java/io/graphmail/transport/package-info.java"));
        Pattern row = Pattern.compile("<tr><td>\\{@code (mail\\.graph\\.[a-z.]+)}</td><td>.*?</td><td>(.*?)</td></tr>");
        Set<Setting> seen = EnumSet.noneOf(Setting.class);
        Matcher m = row.matcher(source);
        while (m.find()) {
            String name = m.group(1);
            Setting s = Setting.forProperty(name).orElseThrow(() -> new AssertionError("unknown " + name));
            String documented = s.documentedDefault().replaceAll("`([^`]*)`", "<code>$1</code>")
                    .replace("`", "</code>");
            assertTrue(m.group(2).contains(documented) || m.group(2).contains(s.documentedDefault().replace("`", "")),
                    s + ": " + m.group(2));
            seen.add(s);
        }
        assertEquals(EnumSet.allOf(Setting.class), seen, "package-info.java must list every setting");
    }
}
