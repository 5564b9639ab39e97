package io.xgate.journal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where a {@link JournalWriter} writes a segment's bytes: a file by default. The seam exists for tests (a slow
 * device, a full disk) and is used by the writer thread only.
 */
public interface SegmentSink extends Closeable {

    /** Writes all remaining bytes of {@code buf}. */
    void write(ByteBuffer buf) throws IOException;

    /** Forces written bytes to the device. */
    void force() throws IOException;

    /** Opens sinks for new segment files. */
    @FunctionalInterface
    interface Factory {
        /** Creates {@code path} (it must not exist) and opens it for appending. */
        SegmentSink create(Path path) throws IOException;
    }

    /** Real files through a {@link FileChannel}. */
    Factory FILES = path -> {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new SegmentSink() {
            @Override
            public void write(ByteBuffer buf) throws IOException {
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }

            @Override
            public void force() throws IOException {
                ch.force(false);
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    };
}
