package io.xgate.book;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The obviously-correct book the differential test trusts: a {@code TreeMap<BigDecimal, BigDecimal>} per side,
 * written without any of {@link OrderBook}'s cleverness.
 */
final class ReferenceBook {

    final TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Comparator.reverseOrder());
    final TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
    private final int priceScale;
    private final int sizeScale;

    ReferenceBook(int priceScale, int sizeScale) {
        this.priceScale = priceScale;
        this.sizeScale = sizeScale;
    }

    void set(boolean ask, long price, long size) {
        TreeMap<BigDecimal, BigDecimal> side = ask ? asks : bids;
        BigDecimal p = BigDecimal.valueOf(price, priceScale);
        if (size == 0) {
            side.remove(p);
        } else {
            side.put(p, BigDecimal.valueOf(size, sizeScale));
        }
    }

    void clear() {
        bids.clear();
        asks.clear();
    }

    void truncate(int depth) {
        while (bids.size() > depth) {
            bids.pollLastEntry();
        }
        while (asks.size() > depth) {
            asks.pollLastEntry();
        }
    }

    boolean crossed() {
        return !bids.isEmpty() && !asks.isEmpty() && bids.firstKey().compareTo(asks.firstKey()) >= 0;
    }

    /** {filled, unfilled, vwap rounded half up at the price scale, or null} */
    Object[] walk(boolean ask, BigDecimal quantity) {
        BigDecimal left = quantity;
        BigDecimal notional = BigDecimal.ZERO;
        for (Map.Entry<BigDecimal, BigDecimal> e : (ask ? asks : bids).entrySet()) {
            if (left.signum() <= 0) {
                break;
            }
            BigDecimal take = left.min(e.getValue());
            notional = notional.add(take.multiply(e.getKey()));
            left = left.subtract(take);
        }
        BigDecimal filled = quantity.subtract(left);
        BigDecimal vwap = filled.signum() == 0 ? null : notional.divide(filled, priceScale, RoundingMode.HALF_UP);
        return new Object[] {filled, left, vwap};
    }

    long stateHash() {
        long h = 0;
        for (Map.Entry<BigDecimal, BigDecimal> e : bids.entrySet()) {
            h += OrderBook.levelHash(false, mantissa(e.getKey(), priceScale), mantissa(e.getValue(), sizeScale));
        }
        for (Map.Entry<BigDecimal, BigDecimal> e : asks.entrySet()) {
            h += OrderBook.levelHash(true, mantissa(e.getKey(), priceScale), mantissa(e.getValue(), sizeScale));
        }
        return h;
    }

    static long mantissa(BigDecimal v, int scale) {
        return v.setScale(scale).unscaledValue().longValueExact();
    }

    List<BigDecimal[]> levels(boolean ask, int max) {
        List<BigDecimal[]> out = new ArrayList<>();
        for (Map.Entry<BigDecimal, BigDecimal> e : (ask ? asks : bids).entrySet()) {
            if (out.size() == max) {
                break;
            }
            out.add(new BigDecimal[] {e.getKey(), e.getValue()});
        }
        return out;
    }
}
