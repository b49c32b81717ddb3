package dev.lifelong.core.kernel;

/**
 * The float kernels every layer is built from, on plain {@code float[]} with offsets so that jagged batches
 * and parameter slices are addressed without copies. All matrices are row-major with an explicit leading
 * dimension (the distance between two rows).
 *
 * <p>Two implementations exist: {@link ScalarKernels}, the reference, and {@link VectorKernels}, on the JDK
 * Vector API. Tests hold the second to the first on random shapes; {@link Kernels#get()} picks one.
 */
public interface FloatKernels {

    /** A short name for logs and benchmark tables: {@code scalar} or {@code vector-512} and the like. */
    String name();

    /**
     * Bit i (for {@code i < n <= 64}) set exactly when {@code a[ao+i] + b[bo+i] > 0}: a SimHash signature word
     * from two partial projections. The sums are single IEEE additions, so every implementation gives the same
     * bits (a NaN sum's bit is its sign bit inverted).
     */
    long positiveSumBits(float[] a, int ao, float[] b, int bo, int n);

    /** Sum over {@code i < n} of {@code a[ao+i] * b[bo+i]}. */
    float dot(float[] a, int ao, float[] b, int bo, int n);

    /**
     * Per-head dot products of one query with rows that lie apart (attention over retrieved rows):
     * {@code out[j n + i] = sum_{t < headDim} q[qo + p(j, t)] * rows[i][offsets[i] + p(j, t)]} for
     * {@code i < n}, {@code j < heads}, where p is {@link HeadLayout#position} in the layout
     * {@link #headDotLanes} names for these shapes: the query and the rows must be laid out in it.
     */
    void headDots(float[] q, int qo, float[][] rows, int[] offsets, int n, int heads, int headDim, float[] out);

    /**
     * The layout {@link #headDots} reads its query and rows in for {@code heads} heads of {@code headDim}: 0 for
     * the plain one, else the lanes of {@link HeadLayout}'s interleaved one.
     */
    default int headDotLanes(int heads, int headDim) {
        return 0;
    }

    /**
     * Per-head weighted sums of rows that lie apart: {@code out[oo + j headDim + t] = sum_{i < n} p[j n + i] *
     * rows[i][offsets[i] + j headDim + t]}, overwriting {@code out}.
     */
    void headPool(float[] p, float[][] rows, int[] offsets, int n, int heads, int headDim, float[] out, int oo);

    /**
     * One query's attention over {@code n >= 1} rows that lie apart: per head, the {@link #headDots} times
     * {@code scale}, plus {@code ln multiplicity[i]} for a row that stands for that many identical ones (it then
     * weighs as its copies would: {@code c exp(s) = exp(s + ln c)}; null: one each), a softmax over the rows,
     * and the {@link #headPool} of the {@code values} with those weights into {@code out[oo .. oo + heads
     * headDim)}. The query and the keys are in the {@link #headDotLanes} layout, the values plain;
     * {@code scores} is scratch of {@link #attendRowsScratch} floats. This reference runs the kernels above in
     * turn, the weights head by head.
     */
    default void attendRows(float[] q, int qo, float[][] keys, float[][] values, int[] offsets, int[] multiplicity,
                            int n, int heads, int headDim, float scale, float[] out, int oo, float[] scores) {
        headDots(q, qo, keys, offsets, n, heads, headDim, scores);
        scale(scale, scores, 0, heads * n);
        if (multiplicity != null) {
            for (int i = 0; i < n; i++) {
                if (multiplicity[i] != 1) {
                    float ln = LnCounts.of(multiplicity[i]);
                    for (int j = 0; j < heads; j++) {
                        scores[j * n + i] += ln;
                    }
                }
            }
        }
        for (int j = 0; j < heads; j++) {
            softmax(scores, j * n, n, null, 0);
        }
        headPool(scores, values, offsets, n, heads, headDim, out, oo);
    }

    /** The scratch {@link #attendRows} needs for {@code n} rows of {@code heads} heads. */
    default int attendRowsScratch(int n, int heads) {
        return heads * n;
    }

    /**
     * The PReLU {@code out[oo+i] = max(x[xo+i], 0) + alpha[ao+i] * min(x[xo+i], 0)}, with {@link Math#max} and
     * {@link Math#min}'s semantics and an unfused multiply and add, so every implementation gives the same bits.
     */
    void prelu(float[] x, int xo, float[] alpha, int ao, float[] out, int oo, int n);

    /**
     * The column count {@link #gemm} handles in whole vector tiles: a matrix whose width is a multiple of it has
     * no remainder columns, which are computed a float at a time. 1 for the scalar kernels.
     */
    int columnBlock();

    /** {@code y[yo+i] += alpha * x[xo+i]}. */
    void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n);

    /** {@code x[xo+i] *= alpha}. */
    void scale(float alpha, float[] x, int xo, int n);

    /** {@code out[oo+i] = a[ao+i] + b[bo+i]}; {@code out} may alias either input at the same offset. */
    void add(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n);

    /**
     * {@code C[m,n] = A[m,k] x B[k,n]}, or {@code C += A x B} when {@code accumulate}. The forward pass of a
     * linear layer: {@code Y[rows,out] = X[rows,in] x W[in,out]}.
     */
    void gemm(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
              float[] c, int co, int ldc, boolean accumulate);

    /**
     * {@code C[m,n] (+)= A[m,k] x B[n,k]^T}. Backward to the input of a linear layer:
     * {@code dX[rows,in] = dY[rows,out] x W[in,out]^T}.
     */
    void gemmNT(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                float[] c, int co, int ldc, boolean accumulate);

    /**
     * {@code C[m,n] (+)= A[k,m]^T x B[k,n]}. Backward to the weight of a linear layer:
     * {@code dW[in,out] += X[rows,in]^T x dY[rows,out]}.
     */
    void gemmTN(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                float[] c, int co, int ldc, boolean accumulate);

    /**
     * In-place softmax of {@code x[xo..xo+n)} over the entries whose {@code valid[vo+i]} is true; invalid
     * entries become 0. A row with no valid entry becomes all zeros (never NaN), which is what an empty
     * behaviour sequence must give. {@code valid} may be null: every entry is valid.
     */
    void softmax(float[] x, int xo, int n, boolean[] valid, int vo);

    /** {@code out[oo+i] = 1 / (1 + exp(-x[xo+i]))}, stable for large |x|. */
    void sigmoid(float[] x, int xo, float[] out, int oo, int n);

    /**
     * Binary cross-entropy on logits, computed stably as {@code max(z,0) - z*y + log1p(exp(-|z|))}.
     * Returns the summed loss in double. When {@code grad} is not null, writes
     * {@code grad[go+i] = gradScale * (sigmoid(z) - y)}, the gradient of {@code gradScale * loss}.
     */
    double bceWithLogits(float[] logits, int lo, float[] labels, int yo, int n,
                         float[] grad, int go, float gradScale);

    /**
     * One Adam step on {@code n} entries (a dense parameter or one embedding row), per entry:
     * {@code g' = gradScale * g + l2 * w; m = b1 m + (1 - b1) g'; v = b2 v + (1 - b2) g'^2;
     * w -= stepSize * m / (sqrt(v) / sqrtC2 + eps) + lrDecay * w}, where the caller folds the bias corrections
     * into {@code stepSize = lr / (1 - b1^t)} and {@code sqrtC2 = sqrt(1 - b2^t)}.
     */
    void adamStep(float[] w, int wo, float[] m, float[] v, int so, float[] g, int go, int n, AdamStep step);

    /**
     * One Adagrad step on {@code n} entries: {@code g' = gradScale * g + l2 * w; acc += g'^2;
     * w -= lr * g' / (sqrt(acc) + eps) + lrDecay * w}. The accumulator shares the offset of {@code w}.
     */
    void adagradStep(float[] w, int wo, float[] acc, float[] g, int go, int n, AdagradStep step);

    /** Coefficients of one Adam step, fixed for all entries of one parameter. */
    record AdamStep(float beta1, float beta2, float eps, float stepSize, float sqrtC2, float gradScale, float l2,
                    float lrDecay) {
    }

    /** Coefficients of one Adagrad step. */
    record AdagradStep(float lr, float eps, float gradScale, float l2, float lrDecay) {
    }
}
