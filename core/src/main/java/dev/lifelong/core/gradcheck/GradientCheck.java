package dev.lifelong.core.gradcheck;

import dev.lifelong.core.param.DenseParameter;
import dev.lifelong.core.param.EmbeddingTable;
import dev.lifelong.core.param.Gradients;
import dev.lifelong.core.param.Parameter;
import dev.lifelong.core.param.ParameterSet;
import dev.lifelong.core.param.SparseRowGradient;
import dev.lifelong.core.random.Rng;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks analytic gradients against central finite differences, for every parameter of a {@link ParameterSet}
 * and for any input arrays the caller names. Any layer or model gets a check by describing its loss as an
 * {@link Objective}.
 *
 * <p>Layers compute in float, so differences use a fairly large step and a relative tolerance. Where the loss
 * has a kink within the step (a ReLU at 0, a top-k boundary), a finite difference is meaningless; such entries
 * are recognised because the forward and backward one-sided slopes disagree, or the central differences at
 * {@code eps} and {@code eps / 2} do, and are skipped and counted. A check fails if any compared entry is off, or if more than a tenth of the entries had to be
 * skipped.
 */
public final class GradientCheck {

    private GradientCheck() {
    }

    /** The function under test. */
    public interface Objective {

        /** Forward only: the scalar loss at the current parameter and input values. */
        double loss();

        /**
         * Forward and backward: accumulates the loss gradient into {@code grads} (cleared beforehand) and into
         * the gradient arrays of the checked {@link Input}s (zeroed beforehand).
         */
        void backward(Gradients grads);
    }

    /** A non-parameter tensor whose gradient is also checked (a layer's input, say). */
    public record Input(String name, float[] values, float[] gradient) {
    }

    /**
     * @param eps              finite-difference step
     * @param relTol           allowed relative error
     * @param absTol           allowed absolute error (for gradients near zero)
     * @param samplesPerTensor entries checked per tensor (all when the tensor is smaller)
     * @param seed             picks the sampled entries
     */
    public record Options(double eps, double relTol, double absTol, int samplesPerTensor, long seed) {

        public static final Options DEFAULT = new Options(5e-3, 2e-2, 2e-4, 60, 7);
    }

    /** Outcome of a check. */
    public record Result(int compared, int skipped, double worstRelativeError, List<String> failures) {

        public boolean passed() {
            return failures.isEmpty() && skipped * 10 <= compared + skipped;
        }

        /** Throws an {@link AssertionError} listing the failed entries. */
        public void assertPassed() {
            if (!passed()) {
                throw new AssertionError("gradient check failed: " + failures.size() + " of " + compared
                        + " entries off, " + skipped + " skipped as non-smooth" + (failures.isEmpty() ? ""
                        : "; first: " + String.join("; ", failures.subList(0, Math.min(8, failures.size())))));
            }
        }
    }

    public static Result check(ParameterSet params, Objective objective, List<Input> inputs, Options opt) {
        Gradients grads = params.newGradients();
        for (Input in : inputs) {
            java.util.Arrays.fill(in.gradient(), 0f);
        }
        objective.backward(grads);
        Rng rng = new Rng(opt.seed());
        Tally tally = new Tally();
        for (Parameter p : params.all()) {
            if (p instanceof DenseParameter d) {
                float[] analytic = grads.of(d).clone();
                for (int idx : sample(p.size(), opt.samplesPerTensor(), rng)) {
                    compare(p.name(), p.values(), idx, analytic[idx], objective, opt, tally);
                }
            } else {
                checkTable((EmbeddingTable) p, grads.of((EmbeddingTable) p), objective, opt, rng, tally);
            }
        }
        for (Input in : inputs) {
            float[] analytic = in.gradient().clone();
            for (int idx : sample(in.values().length, opt.samplesPerTensor(), rng)) {
                compare(in.name(), in.values(), idx, analytic[idx], objective, opt, tally);
            }
        }
        return new Result(tally.compared, tally.skipped, tally.worst, tally.failures);
    }

    /** Touched rows, plus two untouched ones whose gradient must then be zero. */
    private static void checkTable(EmbeddingTable t, SparseRowGradient g, Objective objective, Options opt,
                                   Rng rng, Tally tally) {
        Map<Integer, Integer> slotOfRow = new HashMap<>();
        for (int s = 0; s < g.rowCount(); s++) {
            slotOfRow.put(g.rows()[s], s * t.dim());
        }
        float[] analytic = g.values().clone();
        List<Integer> rows = new ArrayList<>(slotOfRow.keySet());
        java.util.Collections.sort(rows);
        for (int tries = 0, added = 0; tries < 20 && added < 2 && t.rows() > 1; tries++) {
            int r = 1 + rng.nextInt(t.rows() - 1);
            if (!slotOfRow.containsKey(r)) {
                rows.add(r);
                added++;
            }
        }
        int dim = t.dim();
        for (int idx : sample(rows.size() * dim, opt.samplesPerTensor(), rng)) {
            int row = rows.get(idx / dim);
            int c = idx % dim;
            Integer off = slotOfRow.get(row);
            float a = off == null ? 0f : analytic[off + c];
            compare(t.name() + "[row " + row + "]", t.values(), t.offset(row) + c, a, objective, opt, tally);
        }
    }

    private static void compare(String name, float[] values, int idx, float analytic, Objective objective,
                                Options opt, Tally tally) {
        float orig = values[idx];
        double center = objective.loss();
        double[] wide = differences(values, idx, orig, opt.eps(), center, objective);
        double[] narrow = differences(values, idx, orig, opt.eps() / 2, center, objective);
        double numeric = (narrow[0] + narrow[1]) / 2;
        // A kink inside the step shows as one-sided slopes that disagree, or as a step-dependent estimate.
        if (!agree(narrow[0], narrow[1], opt) || !agree((wide[0] + wide[1]) / 2, numeric, opt)) {
            tally.skipped++;
            return;
        }
        double err = Math.abs(analytic - numeric);
        double rel = err / Math.max(opt.absTol(), Math.max(Math.abs(analytic), Math.abs(numeric)));
        tally.compared++;
        tally.worst = Math.max(tally.worst, rel);
        if (!agree(analytic, numeric, opt)) {
            tally.failures.add(name + "[" + idx + "]: analytic " + analytic + " vs numeric " + numeric);
        }
    }

    private static boolean agree(double a, double b, Options opt) {
        return Math.abs(a - b) <= opt.absTol() + opt.relTol() * Math.max(Math.abs(a), Math.abs(b));
    }

    /** Forward and backward one-sided slopes at step {@code eps}; restores the value. */
    private static double[] differences(float[] values, int idx, float orig, double eps, double center,
                                        Objective objective) {
        float plus = (float) (orig + eps);
        float minus = (float) (orig - eps);
        values[idx] = plus;
        double lp = objective.loss();
        values[idx] = minus;
        double lm = objective.loss();
        values[idx] = orig;
        return new double[] {(lp - center) / ((double) plus - orig), (center - lm) / ((double) orig - minus)};
    }

    private static int[] sample(int size, int max, Rng rng) {
        if (size <= max) {
            int[] all = new int[size];
            for (int i = 0; i < size; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] picked = new int[max];
        for (int i = 0; i < max; i++) {
            picked[i] = rng.nextInt(size);
        }
        return picked;
    }

    private static final class Tally {
        int compared;
        int skipped;
        double worst;
        final List<String> failures = new ArrayList<>();
    }
}
