package io.graphmail.mime;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Base64;

/**
 * The base64 of a message written once into a buffer of bounded size: a message that fits one request is written a
 * single time and its request body is ready; one that does not stops filling the buffer as soon as it overflows, so a
 * large message never costs more than the limit in memory.
 */
final class BoundedBase64 {

    /** Thrown through the MIME writer to stop it once the limit is passed. */
    static final class Overflow extends IOException {
        private static final long serialVersionUID = 1L;

        Overflow() {
            super("over the limit", null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;   // a control-flow signal, thrown once per large message
        }
    }

    private final Buffer buffer;
    private final Counter raw;
    private final OutputStream encoder;

    BoundedBase64(int limit) {
        buffer = new Buffer(limit);
        encoder = Base64.getEncoder().wrap(buffer);
        raw = new Counter(encoder);
    }

    /** Where the MIME goes: counted, then base64-encoded into the buffer. */
    OutputStream mimeSink() {
        return raw;
    }

    /** Flushes the last base64 quantum; throws {@link Overflow} when it does not fit either. */
    void finish() throws IOException {
        encoder.close();
    }

    byte[] base64() {
        return buffer.toByteArray();
    }

    long mimeBytes() {
        return raw.count;
    }

    private static final class Buffer extends ByteArrayOutputStream {
        private final int limit;

        Buffer(int limit) {
            super(Math.min(limit, 16 * 1024));
            this.limit = limit;
        }

        @Override
        public void write(int b) {
            if (count + 1 > limit) throw new UncheckedOverflow();
            super.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (count + len > limit) throw new UncheckedOverflow();
            super.write(b, off, len);
        }
    }

    /** ByteArrayOutputStream's write methods cannot throw IOException; the counter turns this back into Overflow. */
    private static final class UncheckedOverflow extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UncheckedOverflow() {
            super(null, null, false, false);
        }
    }

    private static final class Counter extends FilterOutputStream {
        long count;

        Counter(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (UncheckedOverflow e) {
                throw new Overflow();
            }
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (UncheckedOverflow e) {
                throw new Overflow();
            }
            count += len;
        }
    }
}
