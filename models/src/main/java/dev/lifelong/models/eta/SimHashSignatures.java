package dev.lifelong.models.eta;

import dev.lifelong.core.kernel.FloatKernels;
import dev.lifelong.core.kernel.Kernels;
import dev.lifelong.core.param.EmbeddingTable;
import dev.lifelong.core.param.RowUpdateListener;
import dev.lifelong.core.random.Rng;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * ETA's SimHash (MODELS.md, ETA 1-2): a fixed random matrix {@code R [d, m]} with N(0, 1) entries, drawn once
 * from the model seed and never trained, and {@code sig(x) = [x . R_j > 0]} for j < m, packed into
 * {@code ceil(m / 64)} longs.
 *
 * <p>A behaviour vector is {@code [item emb ; category emb]}, so {@code x . R = item . R_item + cat . R_cat}.
 * The per-row partial projections {@code item . R_item} and {@code cat . R_cat} are kept for every row of both
 * tables and refreshed, after each optimizer step, for exactly the rows the step changed (a
 * {@link RowUpdateListener}). A signature is then the sign of a sum of two cached m-vectors: exact for the
 * current parameters at every step, at m additions instead of d x m multiply-adds.
 */
public final class SimHashSignatures implements RowUpdateListener {

    private static final FloatKernels K = Kernels.get();
    private static final VarHandle STAMPS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle GENERATION;

    static {
        try {
            GENERATION = MethodHandles.lookup().findVarHandle(SimHashSignatures.class, "generation", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    private static final int REFRESH_BLOCK = 256;
    // Refresh scratch per thread: the changed rows, then their projections.
    private static final ThreadLocal<float[]> REFRESH_GATHERED = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> REFRESH_PROJECTED = ThreadLocal.withInitial(() -> new float[0]);

    private final int bits;
    private final int words;
    private final int dim;
    private final EmbeddingTable items;
    private final EmbeddingTable categories;
    private final float[] hash;          // [2 * dim, m]: rows 0..dim-1 for the item part
    private final float[] itemPartial;   // [itemRows, m]
    private final float[] categoryPartial;
    // Signatures kept per item ([items, words]) and their stamps: generation << 32 | category << 1 | complete
    // (a category id fits in 31 bits: its partial-projection row lies in one Java array). The generation moves
    // on whenever a partial projection changes (it would take 2^32 changes to wrap).
    private final long[] kept;
    private final long[] stamps;
    private volatile int generation = 1;
    /** generation << 32 | the next block of items {@link #beforeLookups} hands out in that generation. */
    private final AtomicLong sweep = new AtomicLong();
    /** Items that have a kept signature, of any generation: what a sweep recomputes. */
    private final AtomicInteger keptItems = new AtomicInteger();
    /** Items a sweep's thread claims at a time. */
    private static final int SWEEP_BLOCK = 1024;

    public SimHashSignatures(EmbeddingTable items, EmbeddingTable categories, int bits, long seed) {
        this(items, categories, bits, seed, "eta.simhash");
    }

    /** @param stream names the random stream, so two hashers of one model (ETA, SDIM) draw different matrices */
    public SimHashSignatures(EmbeddingTable items, EmbeddingTable categories, int bits, long seed, String stream) {
        if (items.dim() != categories.dim()) {
            throw new IllegalArgumentException("item and category embeddings must have the same width");
        }
        this.bits = bits;
        this.words = (bits + 63) / 64;
        this.dim = items.dim();
        this.items = items;
        this.categories = categories;
        this.hash = new float[2 * dim * bits];
        new Rng(Rng.derive(seed, stream)).fillGaussian(hash, 0, hash.length, 1.0);
        this.itemPartial = new float[partialSize(items.rows(), bits, "item")];
        this.categoryPartial = new float[partialSize(categories.rows(), bits, "category")];
        this.kept = new long[items.rows() * words];
        this.stamps = new long[items.rows()];
        project(items, 0, items.rows(), itemPartial, 0);
        project(categories, 0, categories.rows(), categoryPartial, dim);
        items.addListener(this);
        categories.addListener(this);
    }

    /** One partial projection per row and bit, in one array: a Java array holds fewer than 2^31 floats. */
    static int partialSize(int rows, int bits, String table) {
        long n = (long) rows * bits;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("eta keeps " + bits + " partial projections per " + table + " row: "
                    + rows + " rows need " + n + " floats, more than one array holds; lower hash_bits to at most "
                    + (Integer.MAX_VALUE - 8) / rows);
        }
        return (int) n;
    }

    /** Restores the hash matrix saved with a model (it must never be re-drawn). */
    public void setHashMatrix(float[] saved) {
        if (saved.length != hash.length) {
            throw new IllegalArgumentException("hash matrix has " + saved.length + " entries, expected " + hash.length);
        }
        System.arraycopy(saved, 0, hash, 0, hash.length);
        project(items, 0, items.rows(), itemPartial, 0);
        project(categories, 0, categories.rows(), categoryPartial, dim);
        newGeneration();
    }

    public float[] hashMatrix() {
        return hash;
    }

    public int bits() {
        return bits;
    }

    /** Longs per signature. */
    public int words() {
        return words;
    }

    /**
     * Every row of the table at once. The kernels compute each output element by the same chain of fused
     * multiply-adds whatever the number of rows, so a row gets the same bits projected here or in a block of
     * refreshed rows, and a resumed run (which projects everything afresh) continues bit for bit.
     */
    private void project(EmbeddingTable t, int from, int to, float[] partial, int hashRow) {
        K.gemm(to - from, bits, dim, t.values(), from * dim, dim, hash, hashRow * bits, bits, partial, from * bits,
                bits, false);
    }

    /**
     * The rows an optimizer step changed, a block at a time: gathered, projected by one GEMM (four rows per
     * tile instead of one), scattered back. Row by row, this refresh was the largest serial part of an ETA step.
     * Calls for disjoint rows may run at once: each thread has its own scratch.
     */
    @Override
    public void rowsUpdated(EmbeddingTable table, int[] rows, int first, int count) {
        newGeneration();
        float[] partial = table == items ? itemPartial : categoryPartial;
        int hashRow = table == items ? 0 : dim;
        float[] values = table.values();
        float[] gathered = REFRESH_GATHERED.get();
        float[] projected = REFRESH_PROJECTED.get();
        int block = Math.min(count, REFRESH_BLOCK);
        if (gathered.length < block * dim || projected.length < block * bits) {   // shared by every hasher
            gathered = new float[Math.max(gathered.length, REFRESH_BLOCK * dim)];
            projected = new float[Math.max(projected.length, REFRESH_BLOCK * bits)];
            REFRESH_GATHERED.set(gathered);
            REFRESH_PROJECTED.set(projected);
        }
        for (int from = first; from < first + count; from += block) {
            int n = Math.min(block, first + count - from);
            for (int i = 0; i < n; i++) {
                System.arraycopy(values, rows[from + i] * dim, gathered, i * dim, dim);
            }
            K.gemm(n, bits, dim, gathered, 0, dim, hash, hashRow * bits, bits, projected, 0, bits, false);
            for (int i = 0; i < n; i++) {
                System.arraycopy(projected, i * bits, partial, rows[from + i] * bits, bits);
            }
        }
    }

    /** The cached partial projections of the item table, {@code [items, m]}: for tests. */
    float[] itemPartials() {
        return itemPartial;
    }

    /** The cached partial projections of the category table, {@code [categories, m]}: for tests. */
    float[] categoryPartials() {
        return categoryPartial;
    }

    /**
     * Writes the signature of the behaviour (item, category) to {@code out[off .. off + words)}. The signature
     * is kept per item until the next change of any row: a training batch's shards, run one after another and
     * side by side, share most of their items, and the item's projection row is several cache misses away.
     */
    public void signature(int item, int category, long[] out, int off) {
        int at = item * words;
        long ready = readyStamp(category);
        if ((long) STAMPS.getAcquire(stamps, item) == ready) {
            System.arraycopy(kept, at, out, off, words);
            return;
        }
        compute(item, category, out, off);
        long stamp = (long) STAMPS.getAcquire(stamps, item);
        // First writer of this generation wins; the others (another category of the item, or a shard on the
        // other thread racing for it) just use what they computed.
        if (stamp >>> 32 != (ready >>> 32) && STAMPS.compareAndSet(stamps, item, stamp, ready & ~1L)) {
            if (stamp == 0) {
                keptItems.incrementAndGet();
            }
            System.arraycopy(out, off, kept, at, words);
            STAMPS.setRelease(stamps, item, ready);
        }
    }

    /**
     * Ahead of about {@code lookups} calls of {@link #signature}: when they are many against the items kept, every
     * kept item's signature (with the category it was kept for) is brought up to the current parameters in item
     * order. Every optimizer step changes some rows and so makes every kept signature stale, and a training
     * batch of long histories asks again for most of the items ever seen: one after another, their projection
     * rows stream through the cache, where asked for in the batch's order each was several cache misses (at
     * L = 1,000 the signatures took a tenth of an ETA step). The threads that call this in one generation share
     * the sweep a block at a time; a signature asked for before its block is done is computed as before, so the
     * bits never depend on who computed them. Lookups must not overlap a change of the tables (training changes
     * them between its forward passes, serving never).
     */
    public void beforeLookups(int lookups) {
        int kept = keptItems.get();
        // Worth it when the lookups are many against what it recomputes and what it scans (every stamp).
        if (kept == 0 || lookups < kept / 2 || lookups < stamps.length / 16) {
            return;
        }
        int g = generation;
        int blocks = (stamps.length + SWEEP_BLOCK - 1) / SWEEP_BLOCK;
        long[] scratch = null;
        for (int b = claimBlock(g, blocks); b >= 0; b = claimBlock(g, blocks)) {
            if (scratch == null) {
                scratch = new long[words];
            }
            int to = Math.min(stamps.length, (b + 1) * SWEEP_BLOCK);
            for (int item = b * SWEEP_BLOCK; item < to; item++) {
                long stamp = (long) STAMPS.getAcquire(stamps, item);
                if (stamp != 0 && (int) (stamp >>> 32) != g) {
                    signature(item, (int) (stamp >>> 1) & Integer.MAX_VALUE, scratch, 0);
                }
            }
        }
    }

    /** Whether {@code item}'s signature with {@code category} is kept for the current parameters: for tests. */
    boolean isCurrent(int item, int category) {
        return (long) STAMPS.getAcquire(stamps, item) == readyStamp(category);
    }

    /** The next block of generation {@code g}'s sweep, or -1 when every block has been handed out. */
    private int claimBlock(int g, int blocks) {
        while (true) {
            long s = sweep.get();
            int sweeping = (int) (s >>> 32);
            if (sweeping > g) {
                return -1;   // a newer generation's sweep: never start an older one over it
            }
            int next = sweeping == g ? (int) s : 0;
            if (next >= blocks) {
                return -1;
            }
            if (sweep.compareAndSet(s, (long) g << 32 | (next + 1))) {
                return next;
            }
        }
    }

    /**
     * One-word signatures ({@code m <= 64}) of the behaviours {@code (items[from + i], categories[from + i])},
     * i < n, into {@code out[0 .. n)}: a kept one read straight from the table (its stamp checked), any other
     * computed and kept as {@link #signature} does. After {@link #beforeLookups} nearly all are kept, so a
     * sequence costs two table reads a behaviour, with no per-batch map from behaviours to distinct signatures.
     */
    public void signatures(int[] items, int[] categories, int from, int n, long[] out) {
        if (words != 1) {
            throw new IllegalStateException("one-word signatures asked of a " + bits + "-bit hash");
        }
        long current = (long) generation << 32 | 1L;
        long[] one = null;
        for (int i = 0; i < n; i++) {
            int item = items[from + i];
            int category = categories[from + i];
            if ((long) STAMPS.getAcquire(stamps, item) == (current | (long) category << 1)) {
                out[i] = kept[item];
            } else {
                if (one == null) {
                    one = new long[1];
                }
                signature(item, category, one, 0);
                out[i] = one[0];
            }
        }
    }

    /** The stamp of a kept signature of {@code category} complete in the current generation. */
    private long readyStamp(int category) {
        return (long) generation << 32 | (long) category << 1 | 1L;
    }

    private void compute(int item, int category, long[] out, int off) {
        int pi = item * bits;
        int pc = category * bits;
        for (int w = 0; w < words; w++) {
            int base = 64 * w;
            out[off + w] = K.positiveSumBits(itemPartial, pi + base, categoryPartial, pc + base,
                    Math.min(64, bits - base));
        }
    }

    /** Every kept signature is stale from now on: called whenever a partial projection changes. */
    private void newGeneration() {
        GENERATION.getAndAdd(this, 1);
    }

    /** Hamming distance between two packed signatures. */
    public static int distance(long[] a, int ao, long[] b, int bo, int words) {
        int d = 0;
        for (int w = 0; w < words; w++) {
            d += Long.bitCount(a[ao + w] ^ b[bo + w]);
        }
        return d;
    }
}
