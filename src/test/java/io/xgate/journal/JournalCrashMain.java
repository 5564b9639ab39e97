package io.xgate.journal;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child process of {@link JournalCrashTest}: appends numbered records to stream {@code feed} in the directory
 * given as its argument as fast as the writer keeps up (it never lets the queue overflow, so no record is dropped)
 * and prints {@code written <records> <bytes>} after every 20,000 records, until it is killed.
 *
 * <p>With a second argument {@code tear <bytes>}, once the writer has written that many bytes it writes only the
 * first half of its next block, prints {@code half <n>} (the bytes of it on file) and stops there, so that the
 * kill lands with a block certainly torn (a SIGKILL between two blocks leaves none: each block is one write).
 */
public final class JournalCrashMain {

    private JournalCrashMain() {}

    private static long total;

    private static SegmentSink tearing(SegmentSink file, long after) {
        return new SegmentSink() {
            @Override
            public void write(ByteBuffer buf) throws java.io.IOException {
                int n = buf.remaining();
                if (total >= after && n > 1000) {
                    ByteBuffer half = buf.duplicate();
                    half.limit(half.position() + n / 2);
                    file.write(half);
                    System.out.println("half " + n / 2);
                    System.out.flush();
                    while (true) {
                        java.util.concurrent.locks.LockSupport.park(); // until SIGKILL
                    }
                }
                file.write(buf);
                total += n;
            }

            @Override
            public void force() throws java.io.IOException {
                file.force();
            }

            @Override
            public void close() throws java.io.IOException {
                file.close();
            }
        };
    }

    public static void main(String[] args) throws Exception {
        JournalSettings settings = JournalSettings.defaults(Path.of(args[0])).withSegmentSize(2 << 20)
                .withBlocks(64 << 10, Duration.ofMillis(5)).withQueueCapacity(8 << 20);
        if (args.length == 3 && args[1].equals("tear")) {
            long tearAfter = Long.parseLong(args[2]);
            settings = settings.withSinks(path -> tearing(SegmentSink.FILES.create(path), tearAfter));
        }
        JournalWriter w = JournalWriter.open(settings, "feed");
        byte[] payload = new byte[100];
        ByteBuffer b = ByteBuffer.wrap(payload);
        java.util.Random rnd = new java.util.Random(9);
        for (long seq = 0; ; seq++) {
            rnd.nextBytes(payload); // incompressible: a few MB of file quickly
            b.putLong(0, seq);
            while (seq - w.status().recordsWritten() > 40_000) {
                Thread.onSpinWait(); // stay well inside the queue: the test wants no drops
            }
            if (!w.append(1, seq, payload, 0, payload.length)) {
                throw new IllegalStateException("dropped " + seq + ": " + w.status());
            }
            if (seq % 20_000 == 0) {
                JournalStatus s = w.status();
                System.out.println("written " + s.recordsWritten() + " " + s.bytesWritten());
                System.out.flush();
            }
        }
    }
}
