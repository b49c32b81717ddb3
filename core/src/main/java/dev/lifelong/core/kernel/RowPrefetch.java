package dev.lifelong.core.kernel;

/**
 * Brings rows that lie apart in large tables towards the core before they are used. Java has no prefetch
 * instruction, so this loads one float from every cache line of each row, in a loop with nothing else to do:
 * the loads are independent, so the core keeps many misses in flight at once, where the dot products that use
 * the rows later stall on one row's lines after another. A row already in cache pays the extra loads for
 * nothing. Measured with {@code RetrievedRowsBenchmark} (docs/BENCHMARKS.md, session 15): 48 rows of 64 floats per
 * candidate, prefetched one candidate ahead, 1.6-1.7x faster from a 100 MB table and 1.3-1.8x from a 10 MB one;
 * 20-35% slower from a table that stays in L2.
 */
public final class RowPrefetch {

    /** Floats per 64-byte cache line. */
    private static final int LINE_FLOATS = 16;

    /** Written only when the folded bits take one value, so that the loads cannot be removed as unused. */
    @SuppressWarnings("unused")
    private static volatile int sink;

    private RowPrefetch() {
    }

    /**
     * Loads every cache line of rows {@code a[i][offsets[i] ..+ width)} and {@code b[i][offsets[i] ..+ width)}
     * for {@code i < n}: a selection's keys and values.
     */
    public static void rows(float[][] a, float[][] b, int[] offsets, int n, int width) {
        int bits = 0;
        for (int i = 0; i < n; i++) {
            float[] x = a[i];
            float[] y = b[i];
            int o = offsets[i];
            // A row need not start on a line: its last float may sit on a line the stride does not reach.
            for (int t = 0; t < width; t += LINE_FLOATS) {
                bits ^= Float.floatToRawIntBits(x[o + t]) ^ Float.floatToRawIntBits(y[o + t]);
            }
            bits ^= Float.floatToRawIntBits(x[o + width - 1]) ^ Float.floatToRawIntBits(y[o + width - 1]);
        }
        if (bits == 0x5ee5ee5e) {
            sink = bits;
        }
    }
}
