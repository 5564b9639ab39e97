package io.xgate.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/** Segment sinks for tests: a disk that stops answering. */
public final class TestSinks {

    private TestSinks() {
    }

    /** A sink whose block writes wait for the gate (the segment header, written on open, passes). */
    public static SegmentSink.Factory gated(CountDownLatch gate, AtomicBoolean armed, CountDownLatch writerStuck) {
        return path -> {
            SegmentSink file = SegmentSink.FILES.create(path);
            return new SegmentSink() {
                @Override
                public void write(ByteBuffer buf) throws IOException {
                    if (armed.get()) {
                        writerStuck.countDown();
                        try {
                            gate.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IOException(e);
                        }
                    }
                    file.write(buf);
                }

                @Override
                public void force() throws IOException {
                    file.force();
                }

                @Override
                public void close() throws IOException {
                    file.close();
                }
            };
        };
    }

}
