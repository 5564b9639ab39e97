package io.xgate.venue;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.xgate.sim.fuzz.FrameMutator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a dialect's byte scanner to its Jackson decoder over valid frames and their mutants
 * ({@link FrameMutator}). For every frame exactly one of these holds, or the run fails naming the frame:
 * <ul>
 *   <li>the scanner read it, the decoder read it too, and both describe the same message;</li>
 *   <li>the scanner deferred (the decoder may read it or refuse it with a {@link FrameException}).</li>
 * </ul>
 * The scanner must never throw, and never read a frame the decoder refuses. Both sides are given as functions
 * from a frame to a canonical description of the decoded message (the scanner's answers {@code null} to defer).
 */
public final class ScannerDifferential {

    private static final Logger LOG = LoggerFactory.getLogger(ScannerDifferential.class);

    /** What a run saw. */
    public record Result(long frames, long scanned, long deferred, long refusedByDecoder, FrameMutator mutator) {
    }

    private ScannerDifferential() {
    }

    /**
     * Checks every seed (each must be read by the scanner: a scanner that defers on what the venue sends is of no
     * use) and {@code mutants} mutants of randomly chosen seeds.
     */
    public static Result run(String dialect, List<byte[]> seeds, long mutants, long seed,
                             Function<byte[], String> scanner, Function<byte[], String> decoder) {
        return run(dialect, seeds, List.of(), mutants, seed, scanner, decoder);
    }

    /**
     * As {@link #run(String, List, long, long, Function, Function)}, with {@code extras}: frames the scanner may
     * defer on (the protocol reference's pretty-printed fixtures, other message types), checked and mutated too.
     */
    public static Result run(String dialect, List<byte[]> seeds, List<byte[]> extras, long mutants, long seed,
                             Function<byte[], String> scanner, Function<byte[], String> decoder) {
        long scanned = 0;
        long deferred = 0;
        long refused = 0;
        for (byte[] s : seeds) {
            String viaScanner = scan(dialect, scanner, s);
            if (viaScanner == null) {
                fail(dialect + ": the scanner deferred on a valid frame: " + text(s));
            }
            compare(dialect, viaScanner, decoder, s);
            scanned++;
        }
        long deferred0 = 0;
        for (byte[] x : extras) {
            String viaScanner = scan(dialect, scanner, x);
            if (viaScanner != null) {
                compare(dialect, viaScanner, decoder, x);
                scanned++;
            } else {
                deferred0++;
            }
        }
        List<byte[]> all = new java.util.ArrayList<>(seeds);
        all.addAll(extras);
        FrameMutator mutator = new FrameMutator(seed);
        java.util.SplittableRandom pick = new java.util.SplittableRandom(seed ^ 0x5DEECE66DL);
        for (long n = 0; n < mutants; n++) {
            byte[] f = mutator.mutate(all.get(pick.nextInt(all.size())));
            String viaScanner = scan(dialect, scanner, f);
            if (viaScanner != null) {
                compare(dialect, viaScanner, decoder, f);
                scanned++;
            } else {
                deferred++;
                try {
                    decoder.apply(f);
                } catch (FrameException e) {
                    refused++;
                }
            }
        }
        deferred += deferred0;
        Result r = new Result(seeds.size() + extras.size() + mutants, scanned, deferred, refused, mutator);
        LOG.info("{} scanner differential: {} frames ({} seeds, {} mutants): {} read by the scanner and equal to the "
                        + "decoder's, {} deferred ({} of them refused by the decoder)", dialect, r.frames(),
                seeds.size(), mutants, scanned, deferred, refused);
        for (FrameMutator.Kind k : FrameMutator.Kind.values()) {
            assertTrue(mutants < 100_000 || mutator.count(k) > 0, "mutation " + k + " never made");
        }
        return r;
    }

    private static String scan(String dialect, Function<byte[], String> scanner, byte[] f) {
        try {
            return scanner.apply(f);
        } catch (RuntimeException e) {
            throw new AssertionError(dialect + ": the scanner threw " + e + " on " + text(f), e);
        }
    }

    private static void compare(String dialect, String viaScanner, Function<byte[], String> decoder, byte[] f) {
        String viaDecoder;
        try {
            viaDecoder = decoder.apply(f);
        } catch (FrameException e) {
            throw new AssertionError(dialect + ": the scanner read a frame the decoder refuses (" + e.getMessage()
                    + "): " + text(f) + "\n  scanner: " + viaScanner);
        }
        if (!viaScanner.equals(viaDecoder)) {
            throw new AssertionError(dialect + ": scanner and decoder disagree on " + text(f) + "\n  scanner: "
                    + viaScanner + "\n  decoder: " + viaDecoder);
        }
    }

    private static String text(byte[] f) {
        String s = new String(f, StandardCharsets.UTF_8);
        return s.length() > 600 ? s.substring(0, 600) + "..." : s;
    }
}
