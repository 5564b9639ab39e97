package io.xgate.perf;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import io.xgate.Gateway;
import io.xgate.config.VenueConfig;
import io.xgate.event.Addresses;
import io.xgate.event.BookTop;
import io.xgate.event.BookUpdate;
import io.xgate.event.SyncState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Holds a running gateway's books to the simulator's truth, for the chaos and soak harnesses: it keeps every book's
 * last LIVE {@code BookTop}, and once the simulated market stands still ({@code Simulator.freeze()}) waits for each
 * book's LIVE top to show the truth's best levels (an event, never a fixed wait), then asks the book itself for all
 * its levels and compares them with the truth cut to the venue's {@code bookDepth}.
 */
public final class BookTruth implements AutoCloseable {

    /**
     * One book compared.
     *
     * @param venue   the venue
     * @param symbol  the canonical symbol
     * @param equal   whether every level (price and size) equals the truth's
     * @param detail  what differed, or the level counts if nothing did
     */
    public record Result(String venue, String symbol, boolean equal, String detail) {
    }

    private final Gateway gateway;
    private final Map<String, BookTop> lastLive = new LinkedHashMap<>();
    private final Map<String, List<Waiter>> waiters = new LinkedHashMap<>();
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private final List<VenueConfig> venues;

    private record Waiter(BookUpdate want, Promise<Void> done) {
    }

    /** Starts watching every book of the simulated venues this gateway runs. */
    public BookTruth(Gateway gateway) {
        this.gateway = gateway;
        this.venues = simulatedVenues(gateway);
        for (VenueConfig v : venues) {
            for (String s : v.instruments().keySet()) {
                String key = v.id() + " " + s;
                consumers.add(gateway.vertx().eventBus().<BookTop>localConsumer(Addresses.top(v.id(), s),
                        m -> top(key, m.body())));
            }
        }
    }

    /** The venues this gateway runs that its simulator serves. */
    public static List<VenueConfig> simulatedVenues(Gateway gateway) {
        List<VenueConfig> out = new ArrayList<>();
        for (VenueConfig v : gateway.config().venues()) {
            if (gateway.config().node().runs(v.id()) && gateway.simulator() != null) {
                out.add(v);
            }
        }
        return out;
    }

    private void top(String key, BookTop top) {
        if (top.syncState() != SyncState.LIVE) {
            return;
        }
        List<Waiter> done = new ArrayList<>();
        synchronized (this) {
            lastLive.put(key, top);
            List<Waiter> w = waiters.get(key);
            if (w != null) {
                w.removeIf(x -> {
                    if (showsTop(top, x.want())) {
                        done.add(x);
                        return true;
                    }
                    return false;
                });
            }
        }
        done.forEach(x -> x.done().tryComplete());
    }

    /**
     * Forgets the LIVE tops seen so far: call it before {@code freeze()}, so that only a book LIVE after it (one that
     * went on updating, or healed) can compare equal; a book still resyncing keeps its last LIVE top otherwise.
     */
    public synchronized void forgetTops() {
        lastLive.clear();
    }

    /**
     * After the market froze: every book compared with the truth, waiting at most {@code timeoutMillis} for each to
     * catch up (a book still resyncing at the freeze rebuilds first).
     */
    public List<Result> compare(long timeoutMillis) throws Exception {
        List<Result> out = new ArrayList<>();
        for (VenueConfig v : venues) {
            for (String s : v.instruments().keySet()) {
                out.add(compare(v, s, timeoutMillis));
            }
        }
        return out;
    }

    private Result compare(VenueConfig v, String s, long timeoutMillis) throws Exception {
        BookUpdate truth = get(gateway.simulator().trueBook(v.id(), s), timeoutMillis);
        BookUpdate want = cut(truth, v.bookDepth());
        String key = v.id() + " " + s;
        Promise<Void> caughtUp = Promise.promise();
        synchronized (this) {
            BookTop last = lastLive.get(key);
            if (last != null && showsTop(last, want)) {
                caughtUp.complete();
            } else {
                waiters.computeIfAbsent(key, k -> new ArrayList<>()).add(new Waiter(want, caughtUp));
            }
        }
        try {
            get(caughtUp.future(), timeoutMillis);
        } catch (java.util.concurrent.TimeoutException e) {
            BookTop last;
            synchronized (this) {
                last = lastLive.get(key);
            }
            return new Result(v.id(), s, false, "no LIVE BookTop showed the truth's best levels within "
                    + timeoutMillis + " ms; last LIVE top: " + (last == null ? "none" : describe(last)));
        }
        BookUpdate ours = (BookUpdate) get(gateway.vertx().eventBus().request(Addresses.bookQuery(v.id(), s), ""),
                timeoutMillis).body();
        String diff = diff(want, ours);
        return new Result(v.id(), s, diff == null, diff == null
                ? want.bidPrices().length + "/" + want.askPrices().length + " levels equal" : diff);
    }

    /** The truth as a venue serving {@code depth} levels a side shows it. */
    static BookUpdate cut(BookUpdate b, int depth) {
        int nb = Math.min(depth, b.bidPrices().length);
        int na = Math.min(depth, b.askPrices().length);
        return new BookUpdate(b.venue(), b.symbol(), b.venueSeq(), b.venueTsNanos(), b.receiveTsNanos(),
                b.publishTsNanos(), b.kind(), b.firstSeq(), b.checksum(), b.priceScale(), b.sizeScale(),
                Arrays.copyOf(b.bidPrices(), nb), Arrays.copyOf(b.bidSizes(), nb), Arrays.copyOf(b.askPrices(), na),
                Arrays.copyOf(b.askSizes(), na));
    }

    private static boolean showsTop(BookTop top, BookUpdate want) {
        return top.bidPrices().length > 0 && top.askPrices().length > 0
                && prefix(top.bidPrices(), want.bidPrices()) && prefix(top.bidSizes(), want.bidSizes())
                && prefix(top.askPrices(), want.askPrices()) && prefix(top.askSizes(), want.askSizes());
    }

    private static boolean prefix(long[] top, long[] all) {
        int n = Math.min(top.length, all.length);
        return top.length == n && Arrays.equals(top, 0, n, all, 0, n);
    }

    private static String diff(BookUpdate want, BookUpdate ours) {
        String[] sides = {"bid", "ask"};
        long[][][] w = {{want.bidPrices(), want.bidSizes()}, {want.askPrices(), want.askSizes()}};
        long[][][] o = {{ours.bidPrices(), ours.bidSizes()}, {ours.askPrices(), ours.askSizes()}};
        for (int side = 0; side < 2; side++) {
            if (w[side][0].length != o[side][0].length) {
                return sides[side] + "s: " + o[side][0].length + " levels, the truth " + w[side][0].length;
            }
            for (int i = 0; i < w[side][0].length; i++) {
                if (w[side][0][i] != o[side][0][i] || w[side][1][i] != o[side][1][i]) {
                    return sides[side] + " level " + i + ": " + o[side][0][i] + " x " + o[side][1][i]
                            + ", the truth " + w[side][0][i] + " x " + w[side][1][i];
                }
            }
        }
        return null;
    }

    private static String describe(BookTop t) {
        return (t.bidPrices().length > 0 ? t.bidPrices()[0] + " x " + t.bidSizes()[0] : "-") + " / "
                + (t.askPrices().length > 0 ? t.askPrices()[0] + " x " + t.askSizes()[0] : "-");
    }

    private static <T> T get(Future<T> f, long timeoutMillis) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        consumers.forEach(MessageConsumer::unregister);
    }
}
