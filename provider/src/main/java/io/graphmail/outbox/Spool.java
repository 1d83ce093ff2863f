package io.graphmail.outbox;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bytes on their way into or out of the database: kept in memory up to {@link #IN_MEMORY}, beyond that in a temporary
 * file, so that a 150 MB message never sits in the heap. Close it to delete the file.
 */
final class Spool extends OutputStream {

    static final int IN_MEMORY = 1024 * 1024;

    private ByteArrayOutputStream memory = new ByteArrayOutputStream(8192);
    private Path file;
    private OutputStream out = memory;
    private long size;

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (file == null && size + len > IN_MEMORY) {
            file = Files.createTempFile("graphmail-outbox-", ".eml");
            OutputStream f = Files.newOutputStream(file);
            memory.writeTo(f);
            memory = null;
            out = f;
        }
        out.write(b, off, len);
        size += len;
    }

    long size() {
        return size;
    }

    /** The bytes written, from the first; call after the writing is done. */
    InputStream open() throws IOException {
        out.flush();
        if (file == null) {
            return new ByteArrayInputStream(memory.toByteArray());
        }
        out.close();
        return new jakarta.mail.util.SharedFileInputStream(file.toFile());
    }

    @Override
    public void close() throws IOException {
        out.close();
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
