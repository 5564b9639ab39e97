package io.xgate.journal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.xgate.config.VenueConfig;
import io.xgate.venue.ConnectionGroup;
import io.xgate.venue.Dialect;
import io.xgate.venue.Dialects;
import io.xgate.venue.FeedRecorder;
import io.xgate.venue.ServerTimeEndpoint;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What {@link RecordingServer} needs to know about a recording before it serves it, from one pass over the
 * {@code feed} stream: the venues (from the first SESSION record naming each), their connection groups and the
 * WebSocket URL each connects to, and per venue every successful REST answer by path and query, with its position
 * (the record's ordinal in the stream) so that a request can be answered with the answer current at the served
 * stream's position. Bodies are not kept: {@link #body} reads one back from the journal when it is asked for.
 */
final class RecordingIndex {

    /** The successful recorded answers to one path and query, in stream order. */
    static final class Answers {
        long[] ordinals = new long[4];
        long[] timestamps = new long[4];
        int[] connections = new int[4];
        int[] numbers = new int[4];
        int size;

        void add(long ordinal, long ts, int conn, int n) {
            if (size == ordinals.length) {
                int m = size * 2;
                ordinals = Arrays.copyOf(ordinals, m);
                timestamps = Arrays.copyOf(timestamps, m);
                connections = Arrays.copyOf(connections, m);
                numbers = Arrays.copyOf(numbers, m);
            }
            ordinals[size] = ordinal;
            timestamps[size] = ts;
            connections[size] = conn;
            numbers[size] = n;
            size++;
        }

        /** The first answer at or after {@code ordinal}, or -1 if every answer is before it. */
        int firstAtOrAfter(long ordinal) {
            int i = Arrays.binarySearch(ordinals, 0, size, ordinal);
            int at = i >= 0 ? i : -i - 1;
            return at < size ? at : -1;
        }
    }

    /** One recorded venue. */
    static final class Venue {
        final String id;
        final VenueConfig config;
        final Dialect dialect;
        /** Connection group name to the WebSocket URL its connections use (the venue file's, per group). */
        final Map<String, URI> groups = new LinkedHashMap<>();
        /** The venue's server-time endpoint (never recorded), or {@code null}. */
        final String serverTimePath;
        final Map<String, Answers> answers = new HashMap<>();
        /** Ordinals of the REQUEST records whose answer was recorded as a success. */
        final Set<Long> answeredRequests = new HashSet<>();
        /** Open requests of the current session: (conn, n) to {path, request ordinal}. */
        final Map<Long, Object[]> open = new HashMap<>();
        long messages;
        long connections;
        long lastMessageOrdinal = -1;
        /** The last connection the venue opened: closes after it are the recording gateway's stop. */
        long lastOpenOrdinal = -1;
        long firstTs = Long.MAX_VALUE;
        long lastTs = Long.MIN_VALUE;

        Venue(String id, VenueConfig config, Dialect dialect) {
            this.id = id;
            this.config = config;
            this.dialect = dialect;
            for (ConnectionGroup g : dialect.connectionGroups(config)) {
                groups.put(g.name(), g.venue().websocket().url());
            }
            ServerTimeEndpoint time = dialect.serverTime();
            this.serverTimePath = time == null ? null : time.pathAndQuery();
        }
    }

    final Path dir;
    final Map<String, Venue> venues = new LinkedHashMap<>();
    long records;

    private RecordingIndex(Path dir) {
        this.dir = dir;
    }

    /** Reads the whole feed stream once ({@code only}: the venues to index, {@code null} for all). */
    static RecordingIndex scan(Path dir, Set<String> only) throws IOException {
        RecordingIndex index = new RecordingIndex(dir);
        FeedRecords.Reader r = new FeedRecords.Reader();
        JournalReader reader = JournalReader.open(dir, FeedRecords.FEED);
        if (reader.segments().isEmpty()) {
            throw new IOException(dir + " holds no feed segment (feed-*.xjl): is it a journal directory?");
        }
        long[] ordinal = {-1};
        reader.readAll((type, ts, buf, off, len) -> {
            ordinal[0]++;
            index.records++;
            if (type == 0) {
                return;
            }
            if (type == FeedRecords.SESSION) {
                index.session(new String(buf, off, len, StandardCharsets.UTF_8), only);
                return;
            }
            if (type == FeedRecords.EVENT) {
                return;
            }
            r.of(buf, off, len);
            Venue v = index.venues.get(r.str());
            if (v == null) {
                return;
            }
            v.firstTs = Math.min(v.firstTs, ts);
            v.lastTs = Math.max(v.lastTs, ts);
            switch (type) {
                case FeedRecords.MESSAGE -> {
                    v.messages++;
                    v.lastMessageOrdinal = ordinal[0];
                }
                case FeedRecords.CONNECTION -> {
                    r.u32();
                    int event = r.u8();
                    if (event == FeedRecorder.ConnectionEvent.OPENED_ACTIVE.code) {
                        v.connections++;
                    }
                    if (event == FeedRecorder.ConnectionEvent.OPENED_ACTIVE.code
                            || event == FeedRecorder.ConnectionEvent.OPENED_STANDBY.code) {
                        v.lastOpenOrdinal = ordinal[0];
                    }
                }
                case FeedRecords.REQUEST -> {
                    int conn = r.u32();
                    int n = r.u32();
                    v.open.put(key(conn, n), new Object[] {r.str(), ordinal[0]});
                }
                case FeedRecords.RESPONSE -> {
                    int conn = r.u32();
                    int n = r.u32();
                    int status = r.u16();
                    Object[] req = v.open.remove(key(conn, n));
                    if (req != null && status == 200) {
                        v.answers.computeIfAbsent((String) req[0], p -> new Answers()).add(ordinal[0], ts, conn, n);
                        v.answeredRequests.add((Long) req[1]);
                    }
                }
                default -> {
                    // the rest is the recording gateway's own doing: nothing a venue serves
                }
            }
        });
        for (Venue v : index.venues.values()) {
            v.open.clear();
        }
        return index;
    }

    private void session(String json, Set<String> only) {
        JsonObject s = new JsonObject(json);
        JsonArray vs = s.getJsonArray("venues", new JsonArray());
        for (int k = 0; k < vs.size(); k++) {
            JsonObject v = vs.getJsonObject(k);
            String id = v.getString("id");
            if (only != null && !only.contains(id)) {
                continue;
            }
            Venue known = venues.get(id);
            if (known != null) {
                // a later session (a restart): connection numbers start again, open requests are gone
                known.open.clear();
                continue;
            }
            VenueConfig config = Replayer.venueConfig(id, v.getString("file"), v.getString("text"));
            venues.put(id, new Venue(id, config, Dialects.of(config)));
        }
    }

    static long key(int conn, int n) {
        return ((long) conn << 32) | (n & 0xffffffffL);
    }

    /**
     * The body of venue {@code v}'s answer {@code i} to {@code path}, read back from the journal (blocking: call it
     * off the event loop), or {@code null} if it cannot be found.
     */
    byte[] body(Venue v, Answers a, int i) throws IOException {
        long ts = a.timestamps[i];
        int conn = a.connections[i];
        int n = a.numbers[i];
        byte[][] found = {null};
        byte[] name = v.id.getBytes(StandardCharsets.UTF_8);
        FeedRecords.Reader r = new FeedRecords.Reader();
        JournalReader.open(dir, FeedRecords.FEED).read(ts, ts, (type, t, buf, off, len) -> {
            if (type != FeedRecords.RESPONSE || found[0] != null) {
                return;
            }
            r.of(buf, off, len);
            if (r.strIs(name) && r.u32() == conn && r.u32() == n && r.u16() == 200) {
                r.i64();
                found[0] = r.restBytes();
            }
        });
        return found[0];
    }
}
