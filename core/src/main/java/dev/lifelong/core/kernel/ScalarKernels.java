package dev.lifelong.core.kernel;

/**
 * The reference kernels: plain loops, written for clarity and for being obviously right. The GEMMs use the
 * cache-friendly i-p-j order (the inner loop streams a row of B), so they are a fair scalar baseline rather
 * than a textbook triple loop; the JIT may auto-vectorise those inner loops, which the benchmarks then show.
 */
public final class ScalarKernels implements FloatKernels {

    static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void headDots(float[] q, int qo, float[][] rows, int[] offsets, int n, int heads, int headDim,
                         float[] out) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < heads; j++) {
                out[j * n + i] = dot(q, qo + j * headDim, rows[i], offsets[i] + j * headDim, headDim);
            }
        }
    }

    @Override
    public void headPool(float[] p, float[][] rows, int[] offsets, int n, int heads, int headDim, float[] out,
                         int oo) {
        java.util.Arrays.fill(out, oo, oo + heads * headDim, 0f);
        for (int j = 0; j < heads; j++) {
            for (int i = 0; i < n; i++) {
                axpy(p[j * n + i], rows[i], offsets[i] + j * headDim, out, oo + j * headDim, headDim);
            }
        }
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    @Override
    public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }

    @Override
    public void scale(float alpha, float[] x, int xo, int n) {
        for (int i = 0; i < n; i++) {
            x[xo + i] *= alpha;
        }
    }

    @Override
    public long positiveSumBits(float[] a, int ao, float[] b, int bo, int n) {
        long word = 0;
        for (int j = 0; j < n; j++) {
            // Branch-free "x > 0": adding +0 turns -0 into +0, and a positive float has positive bits, so
            // (-bits) >>> 31 is 1 exactly then. Signs are coin flips, so a branch here mispredicts half the time.
            int bits = Float.floatToRawIntBits(a[ao + j] + b[bo + j] + 0f);
            word |= (long) ((-bits) >>> 31) << j;
        }
        return word;
    }

    @Override
    public int columnBlock() {
        return 1;
    }

    @Override
    public void prelu(float[] x, int xo, float[] alpha, int ao, float[] out, int oo, int n) {
        // Branch-free (the signs of pre-activations are coin flips, so a branch mispredicts half the time) and
        // exact: for x > 0 it adds a zero to x, otherwise adds alpha x to zero.
        for (int i = 0; i < n; i++) {
            float v = x[xo + i];
            out[oo + i] = Math.max(v, 0f) + alpha[ao + i] * Math.min(v, 0f);
        }
    }

    @Override
    public void add(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = a[ao + i] + b[bo + i];
        }
    }

    @Override
    public void gemm(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                     float[] c, int co, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ci = co + i * ldc;
            if (!accumulate) {
                java.util.Arrays.fill(c, ci, ci + n, 0f);
            }
            for (int p = 0; p < k; p++) {
                float aip = a[ao + i * lda + p];
                int bp = bo + p * ldb;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += aip * b[bp + j];
                }
            }
        }
    }

    @Override
    public void gemmNT(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                       float[] c, int co, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ai = ao + i * lda;
            int ci = co + i * ldc;
            for (int j = 0; j < n; j++) {
                float s = dot(a, ai, b, bo + j * ldb, k);
                c[ci + j] = accumulate ? c[ci + j] + s : s;
            }
        }
    }

    @Override
    public void gemmTN(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                       float[] c, int co, int ldc, boolean accumulate) {
        if (!accumulate) {
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(c, co + i * ldc, co + i * ldc + n, 0f);
            }
        }
        for (int p = 0; p < k; p++) {
            int ap = ao + p * lda;
            int bp = bo + p * ldb;
            for (int i = 0; i < m; i++) {
                float api = a[ap + i];
                int ci = co + i * ldc;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += api * b[bp + j];
                }
            }
        }
    }

    @Override
    public void softmax(float[] x, int xo, int n, boolean[] valid, int vo) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (valid == null || valid[vo + i]) {
                max = Math.max(max, x[xo + i]);
            }
        }
        if (max == Float.NEGATIVE_INFINITY) {
            java.util.Arrays.fill(x, xo, xo + n, 0f);
            return;
        }
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            float e = (valid == null || valid[vo + i]) ? (float) Math.exp(x[xo + i] - max) : 0f;
            x[xo + i] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int i = 0; i < n; i++) {
            x[xo + i] *= inv;
        }
    }

    @Override
    public void sigmoid(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = sigmoid(x[xo + i]);
        }
    }

    /** Stable logistic function: never evaluates exp of a large positive number. */
    public static float sigmoid(float z) {
        if (z >= 0) {
            return (float) (1.0 / (1.0 + Math.exp(-z)));
        }
        double e = Math.exp(z);
        return (float) (e / (1.0 + e));
    }

    @Override
    public double bceWithLogits(float[] logits, int lo, float[] labels, int yo, int n,
                                float[] grad, int go, float gradScale) {
        double loss = 0;
        for (int i = 0; i < n; i++) {
            float z = logits[lo + i];
            float y = labels[yo + i];
            loss += Math.max(z, 0f) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
            if (grad != null) {
                grad[go + i] = gradScale * (sigmoid(z) - y);
            }
        }
        return loss;
    }

    @Override
    public void adamStep(float[] w, int wo, float[] m, float[] v, int so, float[] g, int go, int n, AdamStep c) {
        for (int i = 0; i < n; i++) {
            float wi = w[wo + i];
            float gi = c.gradScale() * g[go + i] + c.l2() * wi;
            float mi = c.beta1() * m[so + i] + (1 - c.beta1()) * gi;
            float vi = c.beta2() * v[so + i] + (1 - c.beta2()) * gi * gi;
            m[so + i] = mi;
            v[so + i] = vi;
            w[wo + i] = wi - c.stepSize() * mi / ((float) Math.sqrt(vi) / c.sqrtC2() + c.eps()) - c.lrDecay() * wi;
        }
    }

    @Override
    public void adagradStep(float[] w, int wo, float[] acc, float[] g, int go, int n, AdagradStep c) {
        for (int i = 0; i < n; i++) {
            float wi = w[wo + i];
            float gi = c.gradScale() * g[go + i] + c.l2() * wi;
            float a = acc[wo + i] + gi * gi;
            acc[wo + i] = a;
            w[wo + i] = wi - c.lr() * gi / ((float) Math.sqrt(a) + c.eps()) - c.lrDecay() * wi;
        }
    }
}
