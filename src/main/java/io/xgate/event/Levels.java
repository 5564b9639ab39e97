package io.xgate.event;

import io.xgate.num.Decimals;
import java.util.Arrays;

/** Helpers for the primitive level arrays that events carry (package-private contract checks and text). */
final class Levels {

    private Levels() {
    }

    static void check(String what, long[] prices, long[] sizes) {
        if (prices == null || sizes == null) {
            throw new IllegalArgumentException(what + ": price and size arrays are required");
        }
        if (prices.length != sizes.length) {
            throw new IllegalArgumentException(
                    what + ": " + prices.length + " prices but " + sizes.length + " sizes");
        }
    }

    static void checkScale(String what, int scale) {
        if (scale < 0 || scale > Decimals.MAX_SCALE) {
            throw new IllegalArgumentException(what + " " + scale + " outside 0.." + Decimals.MAX_SCALE);
        }
    }

    static boolean equal(long[] a, long[] b) {
        return Arrays.equals(a, b);
    }

    static String text(long[] prices, long[] sizes, int priceScale, int sizeScale) {
        StringBuilder sb = new StringBuilder().append('[');
        for (int i = 0; i < prices.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(Decimals.toString(prices[i], priceScale)).append('x')
                    .append(Decimals.toString(sizes[i], sizeScale));
        }
        return sb.append(']').toString();
    }
}
