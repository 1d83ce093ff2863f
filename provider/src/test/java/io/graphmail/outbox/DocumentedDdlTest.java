package io.graphmail.outbox;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/outbox.md gives administrators exactly the DDL graphmail itself would run. */
class DocumentedDdlTest {

    @Test
    void theDocumentedCreateTableStatementsAreTheOnesGraphmailRuns() throws Exception {
        String doc = Files.readString(Path.of("../docs/outbox.md"));
        OutboxTable t = new OutboxTable("GRAPHMAIL_OUTBOX");
        for (String product : new String[]{"PostgreSQL", "H2", "MySQL", "Oracle", "Microsoft SQL Server",
                "Apache Derby"}) {
            String ddl = t.ddl(product).replace(", ", ",\n  ").replace(" (id ", " (\n  id ") + ";";
            assertTrue(doc.contains(ddl), "docs/outbox.md lacks the " + product + " DDL:\n" + ddl);
        }
        assertTrue(doc.contains("CREATE INDEX GRAPHMAIL_OUTBOX_due ON GRAPHMAIL_OUTBOX (config_key, state, next_attempt);"));
        for (String product : new String[]{"PostgreSQL", "MySQL", "MariaDB"}) {
            String parts = t.partsDdl(product).replace(", ", ",\n  ").replace(" (id ", " (\n  id ")
                    .replace("(id,\n  seq)", "(id, seq)") + ";";
            assertTrue(doc.contains(parts), "docs/outbox.md lacks the " + product + " parts table:\n" + parts);
        }
    }
}
