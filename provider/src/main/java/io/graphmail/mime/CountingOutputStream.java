package io.graphmail.mime;

import java.io.OutputStream;

/** Counts what would be written and keeps none of it: how a message is measured without holding it. */
final class CountingOutputStream extends OutputStream {

    private long count;

    @Override
    public void write(int b) {
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        count += len;
    }

    long count() {
        return count;
    }
}
