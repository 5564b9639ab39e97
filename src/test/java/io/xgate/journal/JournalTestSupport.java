package io.xgate.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Helpers shared by the journal tests. */
final class JournalTestSupport {

    private JournalTestSupport() {}

    /** A record as read back. */
    record Rec(int type, long ts, byte[] payload) {
        long seq() {
            return ByteBuffer.wrap(payload).getLong(0);
        }

        long gapCount() {
            return ByteBuffer.wrap(payload).getLong(0);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Rec r && r.type == type && r.ts == ts && Arrays.equals(r.payload, payload);
        }

        @Override
        public int hashCode() {
            return 31 * Long.hashCode(ts) + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "Rec[type=" + type + ", ts=" + ts + ", len=" + payload.length + "]";
        }
    }

    static List<Rec> readAll(Path dir, String stream) throws IOException {
        return read(JournalReader.open(dir, stream), Long.MIN_VALUE, Long.MAX_VALUE);
    }

    static List<Rec> read(JournalReader reader, long from, long to) throws IOException {
        List<Rec> out = new ArrayList<>();
        reader.read(from, to, (type, ts, buf, off, len) -> out.add(new Rec(type, ts, Arrays.copyOfRange(buf, off,
                off + len))));
        return out;
    }

    /** A payload starting with {@code seq} (8 bytes), filled to {@code len} bytes. */
    static byte[] numbered(long seq, int len) {
        byte[] b = new byte[Math.max(len, 8)];
        ByteBuffer.wrap(b).putLong(seq);
        for (int i = 8; i < b.length; i++) {
            b[i] = (byte) ('a' + (seq + i) % 26);
        }
        return b;
    }

    /** Small blocks and segments, a short linger. */
    static JournalSettings small(Path dir) {
        return JournalSettings.defaults(dir).withSegmentSize(1 << 20).withBlocks(4096, java.time.Duration.ofMillis(2))
                .withQueueCapacity(4 << 20);
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
