package io.graphmail.outbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * A message stored as numbered parts of at most {@link #PART} bytes in the outbox's side table, for PostgreSQL, whose
 * driver reads a {@code BYTEA} value whole into the heap, and for MySQL/MariaDB, whose servers refuse a statement or a
 * row beyond {@code max_allowed_packet}: a message is never held in one value there. Writing
 * takes one part at a time from the spool; reading asks for one part at a time, in autocommit, so neither way holds
 * more than a part. The parts reference their row with {@code ON DELETE CASCADE}: whoever deletes a row (the purge,
 * {@code graphmail outbox --purge}, an administrator's DELETE) deletes its parts, and a rolled-back store leaves none.
 */
final class MimeParts {

    static final int PART = 256 * 1024;

    private final String insert;
    private final String select;

    MimeParts(OutboxTable table) {
        insert = "INSERT INTO " + table.parts + " (id, seq, bytes) VALUES (?, ?, ?)";
        select = "SELECT bytes FROM " + table.parts + " WHERE id = ? AND seq = ?";
    }

    /** Stores {@code in} as the parts of row {@code id}, on the connection (and transaction) that inserted the row. */
    void write(Connection c, String id, InputStream in) throws SQLException, IOException {
        byte[] buffer = new byte[PART];
        try (PreparedStatement s = c.prepareStatement(insert)) {
            int seq = 0;
            int n;
            while ((n = in.readNBytes(buffer, 0, PART)) > 0) {
                s.setString(1, id);
                s.setInt(2, seq++);
                s.setBytes(3, n == PART ? buffer : Arrays.copyOf(buffer, n));
                s.executeUpdate();
            }
        }
    }

    /**
     * Copies the parts of row {@code id} to {@code out}, in order.
     *
     * @return how many bytes; 0 when the row has no parts: it was stored by a release before them, with its message in
     *         the row's {@code mime} column
     */
    long read(Connection c, String id, OutputStream out) throws SQLException, IOException {
        long size = 0;
        try (PreparedStatement s = c.prepareStatement(select)) {
            for (int seq = 0; ; seq++) {
                s.setString(1, id);
                s.setInt(2, seq);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) return size;
                    try (InputStream in = r.getBinaryStream(1)) {
                        size += in.transferTo(out);
                    }
                }
            }
        }
    }
}
