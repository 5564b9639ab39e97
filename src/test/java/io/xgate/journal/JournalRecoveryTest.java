package io.xgate.journal;

import static io.xgate.journal.JournalTestSupport.numbered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.journal.JournalTestSupport.Rec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A torn tail is cut exactly at the last complete block; corruption elsewhere is reported, never misread. */
class JournalRecoveryTest {

    @TempDir
    Path dir;

    private Path segment;
    private byte[] original;
    private long lastBlock;
    private int recordsBeforeLastBlock;
    private int records;

    @BeforeEach
    void writeOneSegment() throws Exception {
        records = 3000;
        // blocks cut by size only (a linger no test reaches): the same blocks on a loaded machine as on a quiet one
        try (JournalWriter w = JournalWriter.open(JournalTestSupport.small(dir).withBlocks(1024,
                java.time.Duration.ofHours(1)), "feed")) {
            for (int i = 0; i < records; i++) {
                w.append(1, i, numbered(i, 40), 0, 40);
            }
        }
        List<Path> segs = JournalReader.open(dir, "feed").segments();
        assertEquals(1, segs.size());
        segment = segs.get(0);
        original = Files.readAllBytes(segment);
        BlockCursor c = new BlockCursor(ByteBuffer.wrap(original),
                JournalFormat.readSegmentHeader(ByteBuffer.wrap(original)).length());
        int count = 0;
        while (c.next() == BlockCursor.Step.BLOCK) {
            lastBlock = c.blockOffset;
            recordsBeforeLastBlock = count;
            count += c.recordCount;
        }
        assertEquals(records, count);
        assertTrue(original.length - lastBlock > 100, "a last block of some size");
    }

    private void put(byte[] bytes) throws IOException {
        Files.write(segment, bytes);
    }

    @Test
    void aCleanSegmentIsLeftAlone() throws Exception {
        RecoveryReport r = Recovery.recover(dir, "feed");
        assertFalse(r.truncated());
        assertEquals(records, r.recordsKept());
        assertEquals(original.length, Files.size(segment));
    }

    @Test
    void truncatedAtEveryOffsetInsideTheLastBlockCutsToTheLastCompleteBlock() throws Exception {
        for (long cut = lastBlock + 1; cut < original.length; cut++) {
            put(Arrays.copyOf(original, (int) cut));
            RecoveryReport r = Recovery.recover(dir, "feed");
            assertTrue(r.truncated(), "cut at " + cut);
            assertEquals(lastBlock, r.offset(), "cut at " + cut);
            assertEquals(cut - lastBlock, r.bytesCut());
            assertEquals(recordsBeforeLastBlock, r.recordsKept());
            assertEquals(lastBlock, Files.size(segment));
            List<Rec> recs = JournalTestSupport.readAll(dir, "feed");
            assertEquals(recordsBeforeLastBlock, recs.size());
        }
    }

    @Test
    void garbageAfterTheLastBlockIsCutAndNothingBeforeIt() throws Exception {
        Random rnd = new Random(3);
        for (int k = 0; k < 200; k++) {
            byte[] junk = new byte[1 + rnd.nextInt(k % 2 == 0 ? 39 : 5000)];
            rnd.nextBytes(junk);
            if (k % 5 == 0 && junk.length >= 4) {
                ByteBuffer.wrap(junk).putInt(0, JournalFormat.BLOCK_MAGIC); // looks like a block header
            }
            byte[] torn = Arrays.copyOf(original, original.length + junk.length);
            System.arraycopy(junk, 0, torn, original.length, junk.length);
            put(torn);
            RecoveryReport r = Recovery.recover(dir, "feed");
            assertTrue(r.truncated());
            assertEquals(original.length, r.offset());
            assertEquals(records, r.recordsKept());
            assertTrue(Arrays.equals(original, Files.readAllBytes(segment)));
        }
    }

    @Test
    void aFlippedByteInTheLastBlockIsCaughtByItsCrc() throws Exception {
        Random rnd = new Random(4);
        for (int k = 0; k < 300; k++) {
            byte[] bad = original.clone();
            int at = (int) lastBlock + rnd.nextInt((int) (original.length - lastBlock));
            bad[at] ^= (byte) (1 << rnd.nextInt(8));
            put(bad);
            RecoveryReport r = Recovery.recover(dir, "feed");
            assertTrue(r.truncated(), "flip at " + at);
            assertEquals(lastBlock, r.offset(), "flip at " + at);
        }
    }

    @Test
    void aRecordCrcMismatchInsideABlockWithAGoodBlockCrcIsCorruption() throws Exception {
        // rewrite the last block stored raw, with one payload byte changed and the block CRC made right again
        ByteBuffer b = ByteBuffer.wrap(original.clone());
        int blockAt = (int) lastBlock;
        BlockCursor c = new BlockCursor(b, blockAt);
        assertEquals(BlockCursor.Step.BLOCK, c.next());
        assertTrue(c.decode());
        byte[] raw = Arrays.copyOf(c.raw(), c.rawLength);
        raw[JournalFormat.RECORD_HEADER + 10] ^= 1;
        ByteBuffer nb = ByteBuffer.allocate(blockAt + JournalFormat.BLOCK_HEADER + raw.length);
        nb.put(original, 0, blockAt + 36);
        nb.put(blockAt + 4, (byte) JournalFormat.CODEC_NONE).putInt(blockAt + 8, raw.length);
        nb.position(blockAt + JournalFormat.BLOCK_HEADER).put(raw);
        CRC32C crc = new CRC32C();
        crc.update(nb.array(), blockAt, 36);
        crc.update(raw);
        nb.putInt(blockAt + 36, (int) crc.getValue());
        put(nb.array());
        RecoveryReport r = Recovery.recover(dir, "feed");
        assertTrue(r.truncated());
        assertEquals(lastBlock, r.offset());
        assertTrue(r.reason().contains("record 0 CRC mismatch"), r.reason());
    }

    @Test
    void reopeningForWritingRecoversAndContinuesInANewSegment() throws Exception {
        put(Arrays.copyOf(original, (int) lastBlock + 50));
        try (JournalWriter w = JournalWriter.open(JournalTestSupport.small(dir), "feed")) {
            assertTrue(w.recovery().truncated());
            assertEquals(lastBlock, w.recovery().offset());
            for (int i = recordsBeforeLastBlock; i < records; i++) {
                w.append(1, i, numbered(i, 40), 0, 40);
            }
        }
        JournalReader r = JournalReader.open(dir, "feed");
        assertEquals(2, r.segments().size());
        assertEquals(lastBlock, Files.size(segment), "the old segment was not appended to");
        List<Rec> recs = JournalTestSupport.read(r, Long.MIN_VALUE, Long.MAX_VALUE);
        assertEquals(records, recs.size());
        for (int i = 0; i < records; i++) {
            assertEquals(i, recs.get(i).seq());
        }
    }

    @Test
    void corruptionInsideAnEarlierSegmentIsReportedAndTheRestOfItSkipped() throws Exception {
        // a second segment after the first, then a byte flipped in the first's middle
        try (JournalWriter w = JournalWriter.open(JournalTestSupport.small(dir), "feed")) {
            w.append(1, records, numbered(records, 40), 0, 40);
        }
        byte[] bad = original.clone();
        int mid = original.length / 2;
        bad[mid] ^= 0x10;
        put(bad);
        JournalReader r = JournalReader.open(dir, "feed");
        List<Rec> recs = JournalTestSupport.read(r, Long.MIN_VALUE, Long.MAX_VALUE);
        assertEquals(1, r.problems().size(), r.problems().toString());
        JournalProblem p = r.problems().get(0);
        assertEquals(segment, p.segment());
        assertTrue(p.offset() <= mid && p.offset() > 0, p.toString());
        assertTrue(p.message().contains("rest of segment skipped"), p.message());
        // everything read is right: a prefix of the first segment, then the second segment
        List<Long> seqs = new ArrayList<>(recs.stream().map(Rec::seq).toList());
        assertEquals((long) records, seqs.remove(seqs.size() - 1));
        for (int i = 0; i < seqs.size(); i++) {
            assertEquals(i, seqs.get(i));
        }
        assertTrue(seqs.size() < records);
        // recovery only ever touches the last segment
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
            assertEquals(original.length, ch.size());
        }
    }

    @Test
    void aSegmentTornInsideItsHeaderIsDeleted() throws Exception {
        Path next = dir.resolve(JournalFormat.segmentName("feed", System.currentTimeMillis() * 1_000_000, 2));
        Files.write(next, Arrays.copyOf(JournalFormat.segmentHeader("feed", 0), 10));
        RecoveryReport r = Recovery.recover(dir, "feed");
        assertTrue(r.truncated());
        assertFalse(Files.exists(next));
        assertEquals(records, JournalTestSupport.readAll(dir, "feed").size());
    }
}
