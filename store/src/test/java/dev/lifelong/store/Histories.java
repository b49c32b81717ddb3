package dev.lifelong.store;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic test histories and a readable view of a holder's rows. */
public final class Histories {

    private Histories() {
    }

    /**
     * {@code n} Taobao-like behaviours: numeric item ids, a few categories and types, times rising by 0-120 s with
     * ties; item {@code i<k>} style ids when {@code numbered} is false, so order is easy to read in failures.
     */
    public static Behaviours taobaoLike(int n, long seed, boolean numbered) {
        SplittableRandom r = new SplittableRandom(seed);
        String[] types = {"pv", "pv", "pv", "cart", "fav", "buy"};
        Behaviours b = new Behaviours(n);
        long t = 1_511_000_000L;
        for (int i = 0; i < n; i++) {
            t += r.nextInt(4) == 0 ? 0 : r.nextInt(120);
            String item = numbered ? Long.toString(1 + r.nextLong(5_000_000)) : "i" + i;
            b.add(item, Integer.toString(r.nextInt(300)), types[r.nextInt(types.length)], Float.NaN, t);
        }
        return b;
    }

    /** {@code n} behaviours {@code <prefix>0 .. <prefix>(n-1)} at times {@code t0, t0+1, ...}. */
    public static Behaviours sequence(String prefix, int n, long t0) {
        Behaviours b = new Behaviours(n);
        for (int i = 0; i < n; i++) {
            b.add(prefix + i, "c" + (i % 3), i % 2 == 0 ? "pv" : null, i, t0 + i);
        }
        return b;
    }

    /** Rows {@code [from, to)} as text, for assertions whose failures show what differs. */
    public static List<String> rows(Behaviours b, int from, int to) {
        List<String> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            out.add(b.row(i));
        }
        return out;
    }

    public static List<String> rows(Behaviours b) {
        return rows(b, 0, b.size());
    }

    /** The last {@code n} rows (all when there are fewer). */
    public static List<String> last(Behaviours b, int n) {
        return rows(b, Math.max(0, b.size() - n), b.size());
    }
}
