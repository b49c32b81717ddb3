package dev.lifelong.core.kernel;

/**
 * Where a multi-head row keeps each head's dimensions. The plain layout (lanes 0) keeps head j's dimensions
 * together at {@code j headDim ..}. The interleaved layout of {@code lanes} keeps in each vector of that many
 * lanes {@code lanes / heads} consecutive dimensions of every head, head by head within them: one vector's fused
 * multiply-adds then serve every head at once, and a head's dot product is the sum of its few lanes at the end,
 * where the plain layout needs a full lane-by-lane reduction per head ({@link FloatKernels#headDots}).
 */
public final class HeadLayout {

    private HeadLayout() {
    }

    /**
     * Position of head j's dimension t in a row of the layout of {@code lanes} (0: the plain layout); the shape
     * must be one {@link #permutation} accepts.
     */
    public static int position(int lanes, int heads, int headDim, int j, int t) {
        if (lanes == 0) {
            return j * headDim + t;
        }
        int perHead = lanes / heads;
        return (t / perHead) * lanes + (t % perHead) * heads + j;
    }

    /**
     * Where each float of a plain row goes in the layout of {@code lanes}: {@code perm[j headDim + t]} is the
     * position of head j's dimension t; null for the plain layout itself.
     */
    public static int[] permutation(int lanes, int heads, int headDim) {
        if (lanes == 0) {
            return null;
        }
        if (heads < 1 || headDim < 1 || lanes % heads != 0 || headDim % (lanes / heads) != 0) {
            throw new IllegalArgumentException("no interleaved layout of " + lanes + " lanes for " + heads
                    + " heads of " + headDim + ": the heads must divide the lanes, and each head's share of a"
                    + " vector its dimensions");
        }
        int[] perm = new int[heads * headDim];
        for (int j = 0; j < heads; j++) {
            for (int t = 0; t < headDim; t++) {
                perm[j * headDim + t] = position(lanes, heads, headDim, j, t);
            }
        }
        return perm;
    }

    /**
     * Rewrites {@code n} plain rows of {@code perm.length} floats, starting at {@code a[offset]}, into the layout
     * of {@link #permutation} (nothing to do for a null one).
     */
    public static void fromPlain(int[] perm, float[] a, int offset, int n) {
        if (perm == null) {
            return;
        }
        int w = perm.length;
        float[] row = new float[w];
        for (int i = 0; i < n; i++) {
            int o = offset + i * w;
            System.arraycopy(a, o, row, 0, w);
            for (int p = 0; p < w; p++) {
                a[o + perm[p]] = row[p];
            }
        }
    }
}
