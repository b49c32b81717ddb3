package dev.lifelong.core.param;

import dev.lifelong.core.random.Rng;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All trainable parameters of one model, by unique name, with seeded initialisation. Each parameter draws
 * from its own stream derived from (seed, name), so adding a parameter never changes another's initial values.
 */
public final class ParameterSet {

    private final long seed;
    private final Map<String, Parameter> byName = new LinkedHashMap<>();
    private final List<Parameter> all = new ArrayList<>();

    public ParameterSet(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** A weight matrix {@code [rows, cols]} with Glorot-uniform values (limit sqrt(6 / (rows + cols))). */
    public DenseParameter glorot(String name, int rows, int cols) {
        DenseParameter p = register(new DenseParameter(name, all.size(), rows, cols));
        rng(name).fillUniform(p.values(), 0, p.size(), Math.sqrt(6.0 / (rows + cols)));
        return p;
    }

    /** A vector {@code [1, size]} filled with {@code value} (biases: 0; PReLU slopes: 0.25). */
    public DenseParameter constant(String name, int size, float value) {
        DenseParameter p = register(new DenseParameter(name, all.size(), 1, size));
        java.util.Arrays.fill(p.values(), value);
        return p;
    }

    /** A matrix {@code [rows, cols]} of N(0, std^2) values. */
    public DenseParameter gaussian(String name, int rows, int cols, double std) {
        DenseParameter p = register(new DenseParameter(name, all.size(), rows, cols));
        rng(name).fillGaussian(p.values(), 0, p.size(), std);
        return p;
    }

    /** An embedding table with rows 1.. drawn from N(0, std^2) and row 0 (padding) zero. */
    public EmbeddingTable embedding(String name, int rows, int dim, double std) {
        EmbeddingTable t = register(new EmbeddingTable(name, all.size(), rows, dim));
        rng(name).fillGaussian(t.values(), dim, t.size(), std);
        return t;
    }

    private Rng rng(String name) {
        return new Rng(Rng.derive(seed, name));
    }

    private <P extends Parameter> P register(P p) {
        if (byName.putIfAbsent(p.name(), p) != null) {
            throw new IllegalArgumentException("duplicate parameter name: " + p.name());
        }
        all.add(p);
        return p;
    }

    public int size() {
        return all.size();
    }

    /** Parameters in registration order. */
    public List<Parameter> all() {
        return Collections.unmodifiableList(all);
    }

    /**
     * The parameter called {@code name}.
     *
     * @throws IllegalArgumentException listing the known names when there is none
     */
    public Parameter get(String name) {
        Parameter p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter " + name + "; known: " + byName.keySet());
        }
        return p;
    }

    /** Total number of scalar values. */
    public long scalarCount() {
        long n = 0;
        for (Parameter p : all) {
            n += p.size();
        }
        return n;
    }

    /** A new, zeroed gradient buffer for these parameters. */
    public Gradients newGradients() {
        return new Gradients(this);
    }
}
