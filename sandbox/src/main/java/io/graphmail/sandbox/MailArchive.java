package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Captured mail kept on disk ({@code --data DIR --keep-mail}): per message the MIME as {@code ID.eml}, which any mail
 * program opens, and what Graph saw besides it (envelope, mailbox, client, arrival path) as {@code ID.json}.
 */
final class MailArchive {
    private final Path dir;

    MailArchive(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    void save(Capture c) {
        ObjectNode o = Jwt.JSON.createObjectNode();
        o.put("id", c.id());
        o.put("mailbox", c.mailbox());
        o.put("from", c.from());
        c.to().forEach(o.putArray("to")::add);
        c.cc().forEach(o.putArray("cc")::add);
        c.bcc().forEach(o.putArray("bcc")::add);
        o.put("subject", c.subject());
        o.put("saveToSentItems", c.saveToSentItems());
        o.put("submittedVia", c.submittedVia());
        o.put("clientId", c.clientId());
        o.put("acceptedAt", c.acceptedAt().toString());
        o.put("submittedJson", c.submittedJson());
        if (c.envelope() != null) {
            o.putObject("envelope").put("mailFrom", c.envelope().mailFrom());
            c.envelope().rcptTo().forEach(((ObjectNode) o.get("envelope")).putArray("rcptTo")::add);
        }
        try {
            Files.write(dir.resolve(c.id() + ".eml"), c.mime());
            Files.writeString(dir.resolve(c.id() + ".json"), o.toPrettyString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep captured message in " + dir, e);
        }
    }

    void delete(String id) {
        try {
            Files.deleteIfExists(dir.resolve(id + ".json"));
            Files.deleteIfExists(dir.resolve(id + ".eml"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete captured message " + id + " from " + dir, e);
        }
    }

    void clear() {
        for (Capture c : load()) {
            delete(c.id());
        }
    }

    /** @return the kept messages, oldest first; a pair that cannot be read is skipped, not fatal */
    List<Capture> load() {
        List<Capture> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path json : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                Capture c = read(json);
                if (c != null) {
                    out.add(c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read captured mail from " + dir, e);
        }
        out.sort(Comparator.comparing(Capture::acceptedAt));
        return out;
    }

    private Capture read(Path json) {
        try {
            JsonNode o = Jwt.JSON.readTree(Files.readString(json));
            String id = o.path("id").asText();
            byte[] mime = Files.readAllBytes(dir.resolve(id + ".eml"));
            return new Capture(id, o.path("mailbox").asText(), o.path("from").asText(), strings(o.path("to")),
                strings(o.path("cc")), strings(o.path("bcc")), o.path("subject").isNull() ? null
                : o.path("subject").asText(), mime, MimeParts.attachments(MimeParts.parse(mime)),
                o.path("saveToSentItems").asBoolean(true), o.path("submittedVia").asText(),
                o.path("clientId").asText(), Instant.parse(o.path("acceptedAt").asText()),
                o.path("submittedJson").isNull() ? null : o.path("submittedJson").asText(),
                o.has("envelope") ? new SmtpEnvelope(o.path("envelope").path("mailFrom").asText(),
                    strings(o.path("envelope").path("rcptTo"))) : null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
