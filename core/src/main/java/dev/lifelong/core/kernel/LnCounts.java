package dev.lifelong.core.kernel;

/**
 * {@code (float) Math.log(c)} for the multiplicity of a row that stands for c alike ones, read from a table for
 * the small counts a selection keeps (they sum to at most its k) rather than computed per row and candidate:
 * attention over grouped retrieved rows took 8-32% less time with it in three alternating rounds
 * (docs/BENCHMARKS.md, session 19). The same float either way.
 */
public final class LnCounts {

    /** Counts below this are read from the table. */
    static final int TABLE = 1024;
    private static final float[] LN = new float[TABLE];

    static {
        for (int c = 1; c < TABLE; c++) {
            LN[c] = (float) Math.log(c);
        }
    }

    private LnCounts() {
    }

    /** {@code (float) Math.log(c)} for {@code c >= 1}. */
    public static float of(int c) {
        return c < TABLE ? LN[c] : (float) Math.log(c);
    }
}
