package io.xgate.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The segment files of one stream in a directory, in sequence order. */
final class Segments {

    /** One segment file: its path, sequence number and the creation second its name carries. */
    record SegmentFile(Path path, long seq, long nameNanos) {}

    private Segments() {}

    static List<SegmentFile> list(Path dir, String stream) throws IOException {
        List<SegmentFile> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                long seq = JournalFormat.segmentSeq(stream, name);
                if (seq >= 0 && Files.isRegularFile(p)) {
                    out.add(new SegmentFile(p, seq, JournalFormat.segmentNameNanos(stream, name)));
                }
            }
        }
        out.sort(Comparator.comparingLong(SegmentFile::seq));
        return out;
    }
}
