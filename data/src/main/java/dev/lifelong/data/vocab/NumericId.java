package dev.lifelong.data.vocab;

/**
 * Ids that are canonical decimal numbers ({@code "2268318"}, not {@code "007"} or {@code "-5"}): most public logs
 * (Taobao, MovieLens) use them. Such an id and its {@code long} value convert both ways without loss, so stores
 * keep it as a varint and holders as a {@code long}, making no string at all unless one is asked for.
 */
public final class NumericId {

    /** Up to 18 digits, so every value fits a long with a bit to spare (the codec shifts it left by one). */
    public static final long MAX = 999_999_999_999_999_999L;

    private NumericId() {
    }

    /** The value of {@code s} if it is a canonical decimal of at most 18 digits, else -1. */
    public static long parse(String s) {
        int len = s.length();
        if (len == 0 || len > 18 || (len > 1 && s.charAt(0) == '0')) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
