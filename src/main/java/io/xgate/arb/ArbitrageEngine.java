package io.xgate.arb;

import io.xgate.config.GatewayConfig;
import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.event.BookTop;
import io.xgate.event.Event;
import io.xgate.event.Opportunity;
import io.xgate.event.SyncState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Cross-venue arbitrage on the latest {@link BookTop} of every (venue, symbol): for each canonical symbol quoted
 * on two or more venues and each ordered pair of them, buy on one venue's asks and sell on the other's bids.
 *
 * <p><b>Sizing.</b> Both books are walked level by level, best first, for as long as the marginal pair of levels
 * still earns at least {@code minNetEdgeBps} after both venues' taker fees:
 * {@code bid·(1 − f_sell) ≥ ask·(1 + f_buy)·(1 + min/10⁴)}. The walk sees the levels a {@code BookTop} carries
 * ({@code books.topDepth}), so the size is what the visible depth supports.
 *
 * <p><b>Figures.</b> Volume-weighted prices of both legs (the buy rounded up, the sell down, to the common price
 * scale); gross and net edge in basis points; slippage = the depth walk's (VWAP against the touch, both legs) plus
 * a square-root market-impact term per leg, {@code η·σ_daily·√(Q / V_daily)} (Almgren et al. 2005), with σ and V
 * per symbol from config; expected profit in quote currency = {@code Q·(sell·(1 − f_s) − buy·(1 + f_b))} less the
 * impact cost {@code Q·buy·impact}. An opportunity whose expected profit is not positive is not reported.
 *
 * <p><b>Eligibility.</b> Only books that are {@link SyncState#LIVE} and whose last update was received within
 * {@code maxAge} count; {@link #sweep} re-checks open opportunities so that a book going quiet closes them.
 *
 * <p><b>Lifecycle.</b> {@code OPEN} when a pair starts qualifying, {@code UPDATE} only when the net edge moved by
 * {@code updateEdgeBps} or the quantity by {@code updateQuantityRatio} since the last event, {@code CLOSE} (with
 * its lifetime and the last figures) when it stops; nothing otherwise.
 *
 * <p>Not thread-safe: owned by one verticle. Evaluating a pair allocates nothing unless it publishes.
 */
public final class ArbitrageEngine {

    /** Why an open opportunity closed, for logs. */
    public interface CloseListener {
        /** Called after the {@code CLOSE} event is published. */
        void closed(Opportunity close, String reason);
    }

    private final GatewayConfig.Arbitrage config;
    private final Consumer<Opportunity> sink;
    private final CloseListener onClose;
    private final Map<String, Symbol> symbols = new LinkedHashMap<>();
    private final long maxAgeNanos;
    private final double minFactor;
    private long nextId = 1;
    private int open;
    private long opened;

    /** One venue's view of a symbol, rescaled to the symbol's common scales. */
    private static final class Quote {
        final String venue;
        final double fee;
        final long priceMul;
        final long sizeMul;
        final int priceScale;
        final int sizeScale;
        BookTop top;

        Quote(String venue, double takerBps, Instrument i, int commonPriceScale, int commonSizeScale) {
            this.venue = venue;
            this.priceScale = i.priceScale();
            this.sizeScale = i.sizeScale();
            long priceMul = pow10(commonPriceScale - i.priceScale());
            long sizeMul = pow10(commonSizeScale - i.sizeScale());
            this.fee = takerBps / 10_000;
            this.priceMul = priceMul;
            this.sizeMul = sizeMul;
        }
    }

    /** Buy on {@link #buy}, sell on {@link #sell}; the open opportunity's last published event, if any. */
    private static final class Pair {
        final Quote buy;
        final Quote sell;
        Opportunity last;

        Pair(Quote buy, Quote sell) {
            this.buy = buy;
            this.sell = sell;
        }
    }

    private static final class Symbol {
        final String symbol;
        final int priceScale;
        final int sizeScale;
        final double priceUnit;
        final double sizeUnit;
        final GatewayConfig.SymbolModel model;
        final List<Quote> quotes = new ArrayList<>();
        final List<Pair> pairs = new ArrayList<>();

        Symbol(String symbol, int priceScale, int sizeScale, GatewayConfig.SymbolModel model) {
            this.symbol = symbol;
            this.priceScale = priceScale;
            this.sizeScale = sizeScale;
            this.priceUnit = Math.pow(10, -priceScale);
            this.sizeUnit = Math.pow(10, -sizeScale);
            this.model = model;
        }
    }

    /** The result of the last walk; reused. */
    private long qty;
    private double buyNotional;
    private double sellNotional;
    private double topNetBps;

    /**
     * @param venues  the venues whose books are compared (their instruments and taker fees)
     * @param sink    receives every published event
     * @param onClose told why each opportunity closed
     */
    public ArbitrageEngine(GatewayConfig.Arbitrage config, List<VenueConfig> venues, Consumer<Opportunity> sink,
                           CloseListener onClose) {
        this.config = config;
        this.sink = sink;
        this.onClose = onClose;
        this.maxAgeNanos = config.maxAge().toNanos();
        this.minFactor = 1 + config.minNetEdgeBps() / 10_000;
        Map<String, List<VenueConfig>> quotedBy = new LinkedHashMap<>();
        for (VenueConfig v : venues) {
            for (String s : v.instruments().keySet()) {
                quotedBy.computeIfAbsent(s, k -> new ArrayList<>()).add(v);
            }
        }
        for (Map.Entry<String, List<VenueConfig>> e : quotedBy.entrySet()) {
            if (e.getValue().size() < 2) {
                continue;
            }
            String s = e.getKey();
            int ps = 0;
            int ss = 0;
            for (VenueConfig v : e.getValue()) {
                ps = Math.max(ps, v.instruments().get(s).priceScale());
                ss = Math.max(ss, v.instruments().get(s).sizeScale());
            }
            Symbol sym = new Symbol(s, ps, ss, config.models().get(s));
            for (VenueConfig v : e.getValue()) {
                Instrument i = v.instruments().get(s);
                sym.quotes.add(new Quote(v.id(), v.fees().takerBps(), i, ps, ss));
            }
            for (Quote buy : sym.quotes) {
                for (Quote sell : sym.quotes) {
                    if (buy != sell) {
                        sym.pairs.add(new Pair(buy, sell));
                    }
                }
            }
            symbols.put(s, sym);
        }
    }

    /** The canonical symbols quoted on at least two venues: the ones watched. */
    public List<String> symbols() {
        return List.copyOf(symbols.keySet());
    }

    /** Opportunities open now. */
    public int openCount() {
        return open;
    }

    /** Opportunities opened since start. */
    public long openedCount() {
        return opened;
    }

    /**
     * Takes a book's new top and re-evaluates every pair it is part of.
     *
     * @return whether the top belonged to a watched symbol
     */
    public boolean onTop(BookTop top, long nowNanos) {
        Symbol s = symbols.get(top.symbol());
        if (s == null) {
            return false;
        }
        Quote q = null;
        for (Quote c : s.quotes) {
            if (c.venue.equals(top.venue())) {
                q = c;
                break;
            }
        }
        if (q == null) {
            return false;
        }
        if (top.priceScale() != q.priceScale || top.sizeScale() != q.sizeScale) {
            throw new IllegalArgumentException(top.venue() + " " + top.symbol() + ": BookTop scales "
                    + top.priceScale() + "/" + top.sizeScale() + " differ from the configured instrument's "
                    + q.priceScale + "/" + q.sizeScale);
        }
        q.top = top;
        for (Pair p : s.pairs) {
            if (p.buy == q || p.sell == q) {
                evaluate(s, p, nowNanos, top);
            }
        }
        return true;
    }

    /** Re-evaluates every open opportunity: closes those whose books went stale or stopped being LIVE. */
    public void sweep(long nowNanos) {
        for (Symbol s : symbols.values()) {
            for (Pair p : s.pairs) {
                if (p.last != null) {
                    evaluate(s, p, nowNanos, null);
                }
            }
        }
    }

    private void evaluate(Symbol s, Pair p, long now, BookTop trigger) {
        int buyBad = ineligible(p.buy, now);
        int sellBad = ineligible(p.sell, now);
        boolean found = buyBad == 0 && sellBad == 0 && walk(p) && qty > 0;
        double net = 0;
        double profit = 0;
        if (found) {
            double buyVwap = buyNotional / qty;
            double sellVwap = sellNotional / qty;
            double impactBps = impactBps(s, qty * s.sizeUnit);
            net = (sellVwap * (1 - p.sell.fee) / (buyVwap * (1 + p.buy.fee)) - 1) * 10_000;
            double q = qty * s.sizeUnit;
            profit = q * (sellVwap * (1 - p.sell.fee) - buyVwap * (1 + p.buy.fee)) * s.priceUnit
                    - q * buyVwap * s.priceUnit * impactBps / 10_000;
            found = profit > 0;
        }
        if (!found) {
            if (p.last != null) {
                String reason = buyBad != 0 ? reason(p.buy, buyBad, now) : sellBad != 0 ? reason(p.sell, sellBad, now)
                        : String.format("edge gone: best net edge %.2f bps (minimum %.2f)", topNetBps,
                        config.minNetEdgeBps());
                Opportunity last = p.last;
                p.last = null;
                open--;
                Opportunity close = new Opportunity(trigger == null ? "" : trigger.venue(), s.symbol,
                        trigger == null ? Event.NO_SEQ : trigger.venueSeq(), trigger == null ? Event.NO_TIME
                        : trigger.venueTsNanos(), trigger == null ? Event.NO_TIME : trigger.receiveTsNanos(), now,
                        last.id(), Opportunity.Phase.CLOSE, last.buyVenue(), last.sellVenue(), last.priceScale(),
                        last.sizeScale(), last.quantity(), last.buyPrice(), last.sellPrice(), last.grossEdgeBps(),
                        last.netEdgeBps(), last.expectedProfit(), last.slippageBps(), last.openedTsNanos(),
                        now - last.openedTsNanos());
                sink.accept(close);
                onClose.closed(close, reason);
            }
            return;
        }
        Opportunity last = p.last;
        if (last != null && Math.abs(net - last.netEdgeBps()) < config.updateEdgeBps()
                && Math.abs(qty - last.quantity()) < config.updateQuantityRatio() * last.quantity()) {
            return; // not a material change
        }
        p.last = publish(s, p, last, now, trigger, net, profit);
    }

    private Opportunity publish(Symbol s, Pair p, Opportunity last, long now, BookTop trigger, double net,
                                double profit) {
        double buyVwap = buyNotional / qty;
        double sellVwap = sellNotional / qty;
        long bestAsk = p.buy.top.askPrices()[0] * p.buy.priceMul;
        long bestBid = p.sell.top.bidPrices()[0] * p.sell.priceMul;
        double walkBps = ((buyVwap - bestAsk) / bestAsk + (bestBid - sellVwap) / bestBid) * 10_000;
        double gross = (sellVwap / buyVwap - 1) * 10_000;
        double slippage = walkBps + impactBps(s, qty * s.sizeUnit);
        long id;
        long openedTs;
        Opportunity.Phase phase;
        if (last == null) {
            id = nextId++;
            openedTs = now;
            phase = Opportunity.Phase.OPEN;
            open++;
            opened++;
        } else {
            id = last.id();
            openedTs = last.openedTsNanos();
            phase = Opportunity.Phase.UPDATE;
        }
        Opportunity o = new Opportunity(trigger == null ? "" : trigger.venue(), s.symbol,
                trigger == null ? Event.NO_SEQ : trigger.venueSeq(), trigger == null ? Event.NO_TIME
                : trigger.venueTsNanos(), trigger == null ? Event.NO_TIME : trigger.receiveTsNanos(), now, id, phase,
                p.buy.venue, p.sell.venue, s.priceScale, s.sizeScale, qty, (long) Math.ceil(buyVwap),
                (long) Math.floor(sellVwap), gross, net, profit, slippage, openedTs, now - openedTs);
        sink.accept(o);
        return o;
    }

    /** Both legs' square-root impact in basis points, or 0 without a model for the symbol. */
    private double impactBps(Symbol s, double quantity) {
        GatewayConfig.SymbolModel m = s.model;
        if (m == null || m.dailyVolume() <= 0) {
            return 0;
        }
        return 2 * config.impactCoefficient() * m.dailyVolatility() * Math.sqrt(quantity / m.dailyVolume()) * 10_000;
    }

    /** Walks the buy venue's asks against the sell venue's bids; leaves the size and notionals in fields. */
    private boolean walk(Pair p) {
        BookTop a = p.buy.top;
        BookTop b = p.sell.top;
        long[] askP = a.askPrices();
        long[] askS = a.askSizes();
        long[] bidP = b.bidPrices();
        long[] bidS = b.bidSizes();
        qty = 0;
        buyNotional = 0;
        sellNotional = 0;
        if (askP.length == 0 || bidP.length == 0) {
            topNetBps = Double.NaN;
            return false;
        }
        double buyCost = 1 + p.buy.fee;
        double sellKeep = 1 - p.sell.fee;
        topNetBps = ((double) bidP[0] * p.sell.priceMul * sellKeep / ((double) askP[0] * p.buy.priceMul * buyCost)
                - 1) * 10_000;
        int i = 0;
        int j = 0;
        long remA = askS[0] * p.buy.sizeMul;
        long remB = bidS[0] * p.sell.sizeMul;
        while (true) {
            double pa = (double) askP[i] * p.buy.priceMul;
            double pb = (double) bidP[j] * p.sell.priceMul;
            if (pb * sellKeep < pa * buyCost * minFactor) {
                break;
            }
            long q = Math.min(remA, remB);
            qty += q;
            buyNotional += q * pa;
            sellNotional += q * pb;
            remA -= q;
            remB -= q;
            if (remA == 0) {
                if (++i == askP.length) {
                    break;
                }
                remA = askS[i] * p.buy.sizeMul;
            }
            if (remB == 0) {
                if (++j == bidP.length) {
                    break;
                }
                remB = bidS[j] * p.sell.sizeMul;
            }
        }
        return true;
    }

    private static final int NO_BOOK = 1;
    private static final int NOT_LIVE = 2;
    private static final int TOO_OLD = 3;

    private int ineligible(Quote q, long now) {
        BookTop t = q.top;
        if (t == null) {
            return NO_BOOK;
        }
        if (t.syncState() != SyncState.LIVE) {
            return NOT_LIVE;
        }
        return now - t.receiveTsNanos() > maxAgeNanos ? TOO_OLD : 0;
    }

    private String reason(Quote q, int code, long now) {
        switch (code) {
            case NO_BOOK:
                return q.venue + " has no book yet";
            case NOT_LIVE:
                return q.venue + " book is " + q.top.syncState();
            default:
                return q.venue + " book is " + (now - q.top.receiveTsNanos()) / 1_000_000 + " ms old (maxAge "
                        + config.maxAge().toMillis() + " ms)";
        }
    }

    private static long pow10(int n) {
        long r = 1;
        for (int i = 0; i < n; i++) {
            r *= 10;
        }
        return r;
    }

}
