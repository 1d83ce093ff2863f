package io.graphmail.it.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A server page of docs/, read by the suites so that what they run is what the page tells an administrator. A block
 * the suites run is marked in the Markdown by an HTML comment on the line before its fence,
 * {@code <!-- it: NAME -->}, which the rendered page does not show.
 */
final class DocPage {

    private final Path file;
    private final List<String> lines;

    private DocPage(Path file) {
        this.file = file;
        try {
            this.lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** @param name a page of docs/, such as "wildfly.md" (system property it.docs is the folder) */
    static DocPage of(String name) {
        return new DocPage(Path.of(System.getProperty("it.docs", "../docs")).resolve(name));
    }

    /** The content of the fenced code block marked {@code <!-- it: name -->}; fails if the page has none. */
    Block block(String name) {
        String marker = "<!-- it: " + name + " -->";
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals(marker)) {
                int fence = i + 1;
                if (fence >= lines.size() || !lines.get(fence).strip().startsWith("```")) {
                    throw new AssertionError(file + ": " + marker + " is not followed by a code block");
                }
                // a block inside a list item is indented: its lines lose the fence's indentation
                int indent = lines.get(fence).indexOf('`');
                StringBuilder text = new StringBuilder();
                for (int j = fence + 1; j < lines.size(); j++) {
                    String line = lines.get(j);
                    if (line.strip().startsWith("```")) {
                        return new Block(file.getFileName() + " [" + name + "]", text.toString());
                    }
                    text.append(line.length() >= indent && line.substring(0, indent).isBlank()
                        ? line.substring(indent) : line).append('\n');
                }
                throw new AssertionError(file + ": the block after " + marker + " is not closed");
            }
        }
        throw new AssertionError(file + " has no block marked " + marker + ": the page and the suite drifted apart");
    }

    /** Whether the page's text contains this (for facts a suite relies on that are not in a block). */
    boolean says(String text) {
        return String.join("\n", lines).contains(text);
    }

    /** A code block of a page; replacing its example values with the test's fails if a value is not there. */
    record Block(String source, String text) {

        Block replace(String pageValue, String testValue) {
            if (!text.contains(pageValue)) {
                throw new AssertionError(source + " no longer contains \"" + pageValue
                    + "\", which the suite replaces with its own value: update the suite with the page\n" + text);
            }
            return new Block(source, text.replace(pageValue, testValue));
        }

        /** The lines that are not blank and not comments ({@code #} in shell and jboss-cli scripts). */
        List<String> commands() {
            return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }
}
