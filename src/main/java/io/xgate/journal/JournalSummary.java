package io.xgate.journal;

import java.util.List;
import java.util.Map;

/**
 * What a stream holds, for {@code xgate journal info}.
 *
 * @param stream        the stream
 * @param segments      segment files
 * @param bytes         their total size
 * @param blocks        readable blocks
 * @param records       records in them (GAPs included)
 * @param firstTs       smallest record timestamp, or {@link Long#MAX_VALUE} if none
 * @param lastTs        largest record timestamp, or {@link Long#MIN_VALUE} if none
 * @param recordsByType record count per type (0 = GAP), in type order
 * @param droppedInGaps sum of the GAP records' counts
 * @param problems      what could not be read
 */
public record JournalSummary(String stream, int segments, long bytes, long blocks, long records, long firstTs,
                             long lastTs, Map<Integer, Long> recordsByType, long droppedInGaps,
                             List<JournalProblem> problems) {}
