package io.xgate.journal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The record types of a journal's {@code feed} and {@code events} streams and their payloads (the README's
 * "Journal" section is the reference; a Python reader there decodes them). All integers are big-endian; a string is
 * a u16 byte count and UTF-8 bytes.
 *
 * <pre>
 *  1 SESSION     UTF-8 JSON: {"format":1,"startedAt":…,"venues":[{"id":…,"dialect":…,"file":…,"text":…}]}
 *  2 CONNECTION  venue, u32 conn, u8 event (1 opened active, 2 opened standby, 3 promoted, 4 closed), group, reason
 *  3 MESSAGE     venue, u32 conn, the message's bytes (the rest of the payload)
 *  4 SENT        venue, u32 conn, the text sent (the rest, UTF-8)
 *  5 REQUEST     venue, u32 conn, u32 n, path and query
 *  6 RESPONSE    venue, u32 conn, u32 n, u16 status (200 answered; else the failure's status, 0 if none),
 *                i64 retry-after ms, then the body (status 200) or the failure's message (UTF-8), the rest
 *  7 TIMER       venue, u32 conn, u32 n
 *  8 RESYNC      venue, symbol, cause label, reason
 *  9 STALE       venue, symbol
 * 10 SKIPPED     venue, u32 conn, i64 bytes: a message above websocket.maxMessageBytes was skipped (a bad frame)
 * 16 EVENT       one published event in the event wire format (README, "Event wire format")
 * </pre>
 * Type 0 is the storage's GAP record. A record's timestamp is its receive time (MESSAGE) or when it happened, in
 * epoch nanoseconds.
 */
public final class FeedRecords {

    public static final int SESSION = 1;
    public static final int CONNECTION = 2;
    public static final int MESSAGE = 3;
    public static final int SENT = 4;
    public static final int REQUEST = 5;
    public static final int RESPONSE = 6;
    public static final int TIMER = 7;
    public static final int RESYNC = 8;
    public static final int STALE = 9;
    public static final int SKIPPED = 10;
    public static final int EVENT = 16;

    /** The stream of raw venue traffic. */
    public static final String FEED = "feed";
    /** The stream of published events. */
    public static final String EVENTS = "events";

    private FeedRecords() {
    }

    /** A record type's name, for logs and {@code journal info}. */
    public static String name(int type) {
        return switch (type) {
            case 0 -> "GAP";
            case SESSION -> "SESSION";
            case CONNECTION -> "CONNECTION";
            case MESSAGE -> "MESSAGE";
            case SENT -> "SENT";
            case REQUEST -> "REQUEST";
            case RESPONSE -> "RESPONSE";
            case TIMER -> "TIMER";
            case RESYNC -> "RESYNC";
            case STALE -> "STALE";
            case SKIPPED -> "SKIPPED";
            case EVENT -> "EVENT";
            default -> "TYPE_" + type;
        };
    }

    /** Builds a payload in a reused, growing array. */
    static final class Writer {
        byte[] buf = new byte[4096];
        int len;

        Writer reset() {
            len = 0;
            return this;
        }

        private void room(int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(len + n, buf.length * 2));
            }
        }

        Writer u8(int v) {
            room(1);
            buf[len++] = (byte) v;
            return this;
        }

        Writer u16(int v) {
            room(2);
            buf[len++] = (byte) (v >>> 8);
            buf[len++] = (byte) v;
            return this;
        }

        Writer u32(int v) {
            room(4);
            buf[len++] = (byte) (v >>> 24);
            buf[len++] = (byte) (v >>> 16);
            buf[len++] = (byte) (v >>> 8);
            buf[len++] = (byte) v;
            return this;
        }

        Writer i64(long v) {
            u32((int) (v >>> 32));
            return u32((int) v);
        }

        /** A string: u16 byte count, UTF-8 (cut at 65,535 bytes). */
        Writer str(byte[] utf8) {
            int n = Math.min(utf8.length, 0xffff);
            u16(n);
            return bytes(utf8, 0, n);
        }

        Writer str(String s) {
            return str(s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8));
        }

        Writer bytes(byte[] b, int off, int n) {
            room(n);
            System.arraycopy(b, off, buf, len, n);
            len += n;
            return this;
        }

        /** The rest of the payload: a UTF-8 text. */
        Writer rest(String s) {
            byte[] b = s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
            return bytes(b, 0, b.length);
        }
    }

    /** Reads a payload in place. */
    public static final class Reader {
        private byte[] buf;
        private int pos;
        private int end;

        /** Reads {@code buf[off, off + len)}. */
        public Reader of(byte[] buf, int off, int len) {
            this.buf = buf;
            this.pos = off;
            this.end = off + len;
            return this;
        }

        private void need(int n) {
            if (pos + n > end) {
                throw new IllegalArgumentException("record payload ends early: " + n + " more bytes expected at "
                        + pos + ", payload ends at " + end);
            }
        }

        public int u8() {
            need(1);
            return buf[pos++] & 0xff;
        }

        public int u16() {
            need(2);
            int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
            pos += 2;
            return v;
        }

        public int u32() {
            need(4);
            int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8)
                    | (buf[pos + 3] & 0xff);
            pos += 4;
            return v;
        }

        public long i64() {
            long hi = u32() & 0xffffffffL;
            return (hi << 32) | (u32() & 0xffffffffL);
        }

        public String str() {
            int n = u16();
            need(n);
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        /** Whether the next string equals {@code ascii} (compared in place: no String); skips it either way. */
        public boolean strIs(byte[] ascii) {
            int n = u16();
            need(n);
            boolean same = n == ascii.length && Arrays.equals(buf, pos, pos + n, ascii, 0, n);
            pos += n;
            return same;
        }

        /** Where the rest of the payload starts, and how long it is. */
        public int position() {
            return pos;
        }

        public int remaining() {
            return end - pos;
        }

        public byte[] array() {
            return buf;
        }

        /** The rest of the payload, copied. */
        public byte[] restBytes() {
            byte[] b = Arrays.copyOfRange(buf, pos, end);
            pos = end;
            return b;
        }

        /** The rest of the payload as UTF-8 text. */
        public String restText() {
            String s = new String(buf, pos, end - pos, StandardCharsets.UTF_8);
            pos = end;
            return s;
        }
    }
}
